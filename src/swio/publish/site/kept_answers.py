"""The canned questions' pages and CSV files, made once per published version and kept on disk.

A question's answer is a function of the published graph: a server needs to ask the store once per version,
not once per reader. At a million triples the listings of every association take the embedded store
0.3–0.5 s and an Oxigraph server 0.6–1.1 s to answer (``benchmarks/questions.py``); their pages and CSV files,
kept, are read back in a millisecond or two (``benchmarks/question_pages.py``). Each question is answered once
for both of its files (the page shows the first rows, the CSV has them all); the servers make them all in the
background when they start and when the store publishes a new version (:meth:`.store_site.StoreSite.warm`), so
readers are served kept answers from the start.

They are kept in files, not in memory: the listings grow with the graph (110,000 rows at ten million triples),
the server's memory should not. The folder is an :func:`~swio.owned_temp.owned_temp_dir` (removed on
:meth:`KeptAnswers.close`, or by the next server if this one was killed); one sub-folder per version, the
others removed by :meth:`KeptAnswers.keep_only` when a new version is served. Only the answers with the
questions' default values are kept: a reader's own values (``?city=合肥``) are answered each time.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import threading
from pathlib import Path

from ...atomic_files import write_files_atomic
from ...owned_temp import owned_temp_dir

#: a canned question's page or CSV file in a language, as the site names it
ANSWER_FILE = re.compile(r"queries/(?P<name>[A-Za-z0-9_-]+)\.(?P<lang>en|zh)\.(?P<ext>html|csv)")
PREFIX = "swio-answers-"
log = logging.getLogger("swio.serve")


class KeptAnswers:
    """Question files by published version (a key the caller chooses), in a folder of their own. Safe to use from
    several threads: a question's files are made by one of them while the others wait for it."""

    def __init__(self, folder: Path | None = None):
        self._folder = folder  # made when first needed: a server whose questions are never asked makes none
        self._making = threading.Lock()  # one question answered at a time: the others wait for its files
        self._writing = threading.Lock()  # no file written once closed (the folder would be made again)
        self._closed = False

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = owned_temp_dir(PREFIX)
        return self._folder

    def _path(self, version: str, name: str) -> Path:
        tag = hashlib.sha256(version.encode("utf-8")).hexdigest()[:20]
        return self.folder / tag / name

    def names(self, publication) -> list[str]:
        """Every answer file of ``publication``'s canned questions (a page and a CSV file per language)."""
        return [name for name in publication.questions.names() if self.is_answer(publication, name)]

    def is_answer(self, publication, name: str) -> bool:
        return self._question(publication, name) is not None

    @staticmethod
    def _question(publication, name: str) -> re.Match | None:
        found = ANSWER_FILE.fullmatch(name)
        return found if found is not None and found["name"] in publication.questions.catalog else None

    def kept(self, version: str, name: str) -> bytes | None:
        """The kept file, or ``None`` if it was not made for ``version`` yet."""
        if self._folder is None:
            return None
        try:
            return self._path(version, name).read_bytes()
        except OSError:  # not made yet (or the folder is gone: made again)
            return None

    def file(self, publication, version: str, name: str) -> bytes | None:
        """The answer file ``name`` of ``publication`` (the graph of ``version``): read back if kept, else made now
        with its sibling files (the question answered once) and kept; ``None`` for a name that is not one."""
        match = self._question(publication, name)
        if match is None:
            return None
        found = self.kept(version, name)
        if found is not None:
            return found
        with self._making:  # another thread may have made it meanwhile
            found = self.kept(version, name)
            if found is not None:
                return found
            made = publication.questions.answer_files(match["name"], match["lang"])
            with self._writing:
                if not self._closed:
                    try:
                        write_files_atomic({self._path(version, file): data for file, data in made.items()})
                    except OSError as err:  # a full disk: the reader still gets the answer, made each time
                        log.warning("could not keep the answer files of %s in %s: %s", match["name"], self.folder, err)
        return made[name]

    def keep_only(self, version: str) -> None:
        """Remove the files of every other version."""
        with self._writing:
            if self._folder is None or self._closed:
                return
            keep = self._path(version, "x").parent
            for folder in self._folder.iterdir():
                if folder.is_dir() and folder != keep:
                    shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        with self._writing:
            self._closed = True
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
