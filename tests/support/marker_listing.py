"""A pytest plugin for tests/test_markers.py: ``-p tests.support.marker_listing --collect-only`` prints each
collected test with its markers (``nodeid<TAB>marker,marker``), once the markers have been applied."""

from __future__ import annotations


def pytest_collection_finish(session):
    for item in session.items:
        names = sorted({marker.name for marker in item.iter_markers()} - {"parametrize"})
        print(f"@@marker-listing@@\t{item.nodeid}\t{','.join(names)}")
