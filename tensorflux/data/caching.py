"""``cache``: compute the elements once, then replay them — from memory, or from a file.

In memory, the first pass that reaches the end keeps its elements; later passes replay them.
To a file (``{filename}.tfxcache``, the format of ``records.py``), the first complete pass
writes a temporary file and renames it into place at the end, so an interrupted pass leaves
nothing behind; every later pass — in this program or the next run — reads the file and never
touches the input. A pass that stops early keeps nothing (TF discards partial caches too).
"""

from __future__ import annotations

import os
import threading

from ..framework.errors import InvalidArgumentError, NotFoundError
from . import records, structure
from .slicing import _PassThrough

SUFFIX = ".tfxcache"


class CacheDataset(_PassThrough):
    _tf_name = "CacheDataset"

    def __init__(self, input_dataset, filename=""):
        super().__init__(input_dataset)
        self._filename = filename
        self._lock = threading.Lock()
        self._elements = None  # the memory cache, once a pass has completed
        if filename:
            self._path = filename + SUFFIX
            self._spec = input_dataset.element_spec  # the file records it; computed here, not in a worker
            records.spec_to_json(self._spec)  # refuses now what could not be written

    def _iterate(self):
        if self._filename:
            yield from self._file_pass()
        else:
            yield from self._memory_pass()

    def _memory_pass(self):
        with self._lock:
            cached = self._elements
        if cached is not None:
            yield from cached
            return
        kept = []
        for element in self._input._iterate():
            kept.append(element)
            yield element
        with self._lock:
            if self._elements is None:
                self._elements = kept

    def _file_pass(self):
        if os.path.exists(self._path):
            stored = records.read_spec(self._path)
            if not structure.is_compatible(stored, self._spec):
                raise InvalidArgumentError(f"The cache file {self._path} holds elements of spec {stored}, but the "
                                           f"dataset produces {self._spec}. Delete the file to rebuild the cache.")
            yield from records.read(self._path)
            return
        directory = os.path.dirname(os.path.abspath(self._path))
        if not os.path.isdir(directory):
            raise NotFoundError(f"{self._path}; No such file or directory")
        temporary = f"{self._path}.tmp-{os.getpid()}-{threading.get_ident()}"
        writer = records.Writer(temporary, self._spec)
        finished = False
        try:
            for element in self._input._iterate():
                writer.write(element)
                yield element
            finished = True
        finally:
            if finished:
                writer.close()
                os.replace(temporary, self._path)
            else:
                writer.abandon()
                os.remove(temporary)
