"""Summary writers: ``tf.summary.create_file_writer``, ``create_noop_writer`` and ``flush``."""

from __future__ import annotations

import os
import time

from ..framework.errors import NotFoundError
from . import messages
from .event_file import EventFileWriter
from .state import STATE


class _SummaryContextManager:
    """``writer.as_default(step)``: makes ``writer`` (and ``step``) the default; flushes on exit."""

    def __init__(self, writer, step=None):
        self._writer = writer
        self._step = step
        self._old_writer = None
        self._old_step = None

    def __enter__(self):
        self._old_writer = STATE.writer
        STATE.writer = self._writer
        if self._step is not None:
            self._old_step = STATE.step
            STATE.step = self._step
        return self._writer

    def __exit__(self, *exc):
        STATE.writer.flush()
        STATE.writer = self._old_writer
        if self._step is not None:
            STATE.step = self._old_step
        return False


class SummaryWriter:
    """The interface of a summary writer, as ``tf.summary.SummaryWriter``."""

    def set_as_default(self, step=None) -> None:
        """Makes this writer the default of the current thread (and ``step`` the default step, if given)."""
        self.as_default(step).__enter__()

    def as_default(self, step=None):
        """A context manager in which summaries go to this writer (and default to ``step``, if given).

        >>> import tempfile
        >>> writer = create_file_writer(tempfile.mkdtemp())
        >>> with writer.as_default(step=1) as w:
        ...     w is writer
        True
        """
        return _SummaryContextManager(self, step)

    def init(self):
        """Initializes the writer (files are created when the writer is)."""
        raise NotImplementedError()

    def flush(self):
        """Flushes any buffered data."""
        raise NotImplementedError()

    def close(self):
        """Flushes and closes the writer."""
        raise NotImplementedError()


class _FileSummaryWriter(SummaryWriter):
    """A writer of one event file in ``logdir``."""

    def __init__(self, logdir, max_queue, flush_millis, filename_suffix):
        self._logdir = logdir
        self._file = EventFileWriter(logdir, max_queue, flush_millis, filename_suffix)
        self._closed = False

    def _check_open(self):
        if self._closed:
            raise RuntimeError(f"SummaryWriter {self!r} is already closed")

    def set_as_default(self, step=None) -> None:
        self._check_open()
        super().set_as_default(step)

    def as_default(self, step=None):
        self._check_open()
        return super().as_default(step)

    def init(self):
        self._check_open()

    def flush(self):
        if not self._closed:
            self._file.flush()

    def close(self):
        if not self._closed:
            self._closed = True
            self._file.close()

    def __del__(self):  # an abandoned writer closes its file, as TF's does (every record is already written)
        if not getattr(self, "_closed", True):
            self.close()

    def write_event(self, step: int, *, summary: bytes | None = None, graph_def: bytes | None = None) -> None:
        """Appends an event holding a serialized ``Summary`` or ``GraphDef``, stamped with the time now."""
        if self._closed:
            raise NotFoundError(f"The summary writer of {self._logdir} is closed: it cannot write more summaries")
        self._file.write(messages.event(time.time(), step, summary=summary, graph_def=graph_def))


class _NoopSummaryWriter(SummaryWriter):
    """A writer that does nothing, for ``create_noop_writer()``; its ``as_default`` leaves the default writer as is."""

    def set_as_default(self, step=None) -> None:
        pass

    def as_default(self, step=None):
        return _NoopContext()

    def init(self):
        pass

    def flush(self):
        pass

    def close(self):
        pass


class _NoopContext:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None, name=None,
                       experimental_trackable=False, experimental_mesh=None) -> SummaryWriter:
    """Creates a summary writer for an event file in ``logdir`` (created if missing).

    Args:
        logdir: The directory of the event file.
        max_queue: Records written since the last ``fsync`` that trigger one. Defaults to 10.
        flush_millis: Milliseconds since the last ``fsync`` that trigger one. Defaults to 120,000.
        filename_suffix: The end of the file name. Defaults to ``.v2``.
        name: Ignored (TensorFlow names the writer's op with it).

    >>> import tempfile, os
    >>> logdir = tempfile.mkdtemp()
    >>> writer = create_file_writer(logdir)
    >>> os.listdir(logdir)[0].endswith(".v2")
    True
    """
    if logdir is None:
        raise ValueError("Argument `logdir` cannot be None")
    arguments = {"logdir": logdir, "max_queue": max_queue, "flush_millis": flush_millis,
                 "filename_suffix": filename_suffix}
    for arg_name, arg in arguments.items():
        if hasattr(arg, "_shape_tuple") and arg._value is None and not arg._is_variable:
            raise ValueError(f"Invalid graph Tensor argument '{arg_name}={arg}' to create_file_writer(): the "
                             "writer is created eagerly and cannot consume graph tensors.")
    return _FileSummaryWriter(_text(logdir), 10 if max_queue is None else int(max_queue),
                              120_000 if flush_millis is None else int(flush_millis),
                              ".v2" if filename_suffix is None else _text(filename_suffix))


def _text(value) -> str:
    """A path or string argument: str, bytes, os.PathLike or a string tensor."""
    if hasattr(value, "numpy"):
        value = value.numpy()
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return os.fspath(value) if isinstance(value, os.PathLike) else str(value)


def create_noop_writer() -> SummaryWriter:
    """A summary writer that does nothing (a placeholder where a context manager is expected)."""
    return _NoopSummaryWriter()


def flush(writer=None, name=None):
    """Flushes ``writer``, or the default writer (nothing happens without one)."""
    if writer is None:
        writer = STATE.writer
        if writer is None:
            return None
    if isinstance(writer, SummaryWriter):
        return writer.flush()
    raise ValueError(f"Invalid argument to flush(): {writer!r}")
