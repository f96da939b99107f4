"""What a SPARQL worker process does to itself before it answers anyone: die with the server, and no network.

* :func:`die_with_parent`: ``PR_SET_PDEATHSIG`` (Linux) makes the kernel kill the worker when
  the server process dies, however it dies (``kill -9`` included), and a check that the
  parent is still the server closes the race with a server that died while the worker
  was starting (as the release build's helper does, :mod:`swio.publish.graph_files`).
* :func:`forbid_network`: a seccomp filter lets ``socket()`` make only Unix-domain sockets
  and refuses ``io_uring``: whatever a query text makes the engine attempt (a ``SERVICE``
  call that got past the check of the text), the worker cannot open a connection or look
  up a name. x86-64 and ARM64 Linux; elsewhere it reports that it could not.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import signal
import struct
import sys

_PR_SET_PDEATHSIG = 1
_PR_SET_SECCOMP = 22
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_AF_UNIX = 1
# machine -> (AUDIT_ARCH, socket, io_uring_setup, has the x32 ABI)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425, True),
    "aarch64": (0xC00000B7, 198, 425, False),
}


def die_with_parent(parent: int) -> None:
    """Be killed when the server dies (Linux), and stop now if it already has."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(3)


def _filter_program(arch: int, nr_socket: int, nr_io_uring: int, x32: bool) -> bytes:
    deny = _RET_ERRNO | errno.ENETUNREACH

    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    program = [op(_LD_W_ABS, 4), op(_JEQ_K, arch, 1, 0), op(_RET_K, deny)]  # a foreign ABI: refuse all
    program.append(op(_LD_W_ABS, 0))  # the system call's number
    if x32:
        program += [op(_JGE_K, 0x40000000, 0, 1), op(_RET_K, deny)]
    program += [op(_JEQ_K, nr_io_uring, 0, 1), op(_RET_K, deny)]
    program += [op(_JEQ_K, nr_socket, 1, 0), op(_RET_K, _RET_ALLOW)]
    program += [op(_LD_W_ABS, 16), op(_JEQ_K, _AF_UNIX, 0, 1), op(_RET_K, _RET_ALLOW), op(_RET_K, deny)]
    return b"".join(program)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def forbid_network() -> bool:
    """Install the filter on this process (for good); whether it could be."""
    arch = _ARCHES.get(platform.machine())
    if not sys.platform.startswith("linux") or arch is None:
        return False
    program = _filter_program(*arch)
    buffer = ctypes.create_string_buffer(program)
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0
