"""SWIO's benchmarks, run from the repository root as modules (``python -m benchmarks.run``), so that they
import the test servers' launcher (``tests.support.servers``) as a package, without changing ``sys.path``.
"""
