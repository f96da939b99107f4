"""A real Apache httpd (Debian apache2) serving a folder on 127.0.0.1, with the modules the site's
``.htaccess`` uses (mod_rewrite, mod_headers; AllowOverride All): for the Apache tests and the serving
benchmark."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from .servers import stop_process
from .site_support import free_port

APACHE = shutil.which("apache2") or ("/usr/sbin/apache2" if os.path.exists("/usr/sbin/apache2") else None)
MODULES = Path("/usr/lib/apache2/modules")
CONFIG = """ServerRoot "{conf}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{conf}/httpd.pid"
ErrorLog "{conf}/error.log"
LogLevel warn
DefaultRuntimeDir "{conf}"
Mutex file:{conf} default
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule headers_module {modules}/mod_headers.so
TypesConfig /etc/mime.types
{user}
DocumentRoot "{root}"
<Directory "{root}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
DirectoryIndex index.html
"""


@dataclass
class Httpd:
    base: str  # http://127.0.0.1:PORT
    port: int
    proc: subprocess.Popen
    conf: Path  # its configuration, pid file and error log


@contextmanager
def apache_httpd(root: Path, *, start_within: float = 30) -> Iterator[Httpd]:
    """Apache serving ``root`` (which its worker user must be able to read) until the block ends."""
    if APACHE is None:
        raise RuntimeError("Apache httpd (Debian apache2) is not installed: run scripts/install-test-tools")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    conf = Path(tempfile.mkdtemp(prefix="swio-apache-conf-"))
    os.chmod(conf, 0o755)
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    (conf / "httpd.conf").write_text(CONFIG.format(conf=conf, port=port, modules=MODULES, root=root, user=user))
    proc = subprocess.Popen(
        [APACHE, "-f", str(conf / "httpd.conf"), "-DFOREGROUND"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + start_within
        while True:
            if proc.poll() is not None:
                log = conf / "error.log"
                raise RuntimeError(log.read_text() if log.exists() else f"apache exited with {proc.returncode}")
            try:
                requests.get(f"{base}/", timeout=2, allow_redirects=False)  # any answer: it is up
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Apache did not start within {start_within:.0f} s") from None
                time.sleep(0.2)
        yield Httpd(base, port, proc, conf)
    finally:
        stop_process(proc)
        shutil.rmtree(conf, ignore_errors=True)
