"""An event file: TFRecords of serialized ``Event`` messages, named and begun as TensorFlow does.

The name is ``events.out.tfevents.<seconds>.<host>.<pid>.<n><suffix>``, ``n`` counting the files
this process opened; the first record states the file version (``brain.Event:2``).

Every record goes to the operating system in one ``write`` the moment it is made, so a process
that is killed — even by SIGKILL — leaves each completed record readable (TensorFlow instead keeps
up to ``max_queue`` events in memory). ``flush`` makes the records durable with ``fsync``, which
TensorFlow's flush does too; it also happens by itself once more than ``max_queue`` records or
``flush_millis`` milliseconds have passed since the last one.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time

from . import messages
from .records import frame

FILE_VERSION = "brain.Event:2"
SOURCE_WRITER = "tensorflux.summary"

_FILE_NUMBERS = itertools.count()  # process-wide, as TensorFlow numbers its summary files


class EventFileWriter:
    """Appends events to a new file in ``logdir``.

    >>> import tempfile
    >>> w = EventFileWriter(tempfile.mkdtemp())
    >>> os.path.basename(w.path).startswith("events.out.tfevents.")
    True
    >>> w.close()
    """

    def __init__(self, logdir: str, max_queue: int = 10, flush_millis: int = 120_000, filename_suffix: str = ".v2"):
        os.makedirs(logdir, exist_ok=True)
        seconds = int(time.time())
        name = (f"events.out.tfevents.{seconds:010d}.{socket.gethostname()}.{os.getpid()}."
                f"{next(_FILE_NUMBERS)}{filename_suffix}")
        self.path = os.path.join(logdir, name)
        self._max_queue = max_queue
        self._flush_seconds = flush_millis / 1000.0
        self._lock = threading.Lock()
        # Unbuffered, open until close(): each record is one write(2).
        self._file = open(self.path, "ab", buffering=0)  # noqa: SIM115
        self._unsynced = 0
        self._last_sync = time.monotonic()
        self.write(messages.event(float(seconds), file_version=FILE_VERSION, source_writer=SOURCE_WRITER))
        self.flush()

    @property
    def closed(self) -> bool:
        return self._file.closed

    def write(self, event: bytes) -> None:
        """Appends one serialized ``Event`` as a whole record."""
        record = memoryview(frame(event))
        with self._lock:
            while record:
                record = record[self._file.write(record):]
            self._unsynced += 1
            if self._unsynced > self._max_queue or time.monotonic() - self._last_sync > self._flush_seconds:
                self._sync()

    def flush(self) -> None:
        """Makes the written records durable (``fsync``)."""
        with self._lock:
            if self._unsynced and not self._file.closed:
                self._sync()

    def _sync(self) -> None:
        os.fsync(self._file.fileno())
        self._unsynced = 0
        self._last_sync = time.monotonic()

    def close(self) -> None:
        self.flush()
        with self._lock:
            self._file.close()
