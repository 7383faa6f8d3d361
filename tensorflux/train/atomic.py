"""Atomic file writes: a reader sees the old file or the new one, never half of the new one.

Every checkpoint, weights and model write goes through here. The recipe: write to a temporary
file in the *same directory* (so the final rename never crosses file systems), flush and
``fsync`` it, ``os.replace`` it onto the target (atomic on POSIX and Windows), then ``fsync`` the
directory so the rename itself survives a power cut. A process killed at any point leaves at most
a stray ``.<name>.tmp-*`` file beside an intact target; a failed write removes its temporary.

Two entry points, for the two kinds of writers:

- ``atomic_path(path)`` yields a temporary *path*, for libraries that open files by name
  (``h5py.File``, ``zipfile.ZipFile``).
- ``atomic_write(path, mode)`` yields an open file object.

>>> import os, tempfile
>>> target = os.path.join(tempfile.mkdtemp(), "notes.txt")
>>> with atomic_write(target, "w") as f:
...     _ = f.write("hello")
>>> open(target).read()
'hello'
"""

from __future__ import annotations

import contextlib
import os
import tempfile

TEMPORARY_MARKER = ".tmp-"  # temporaries are named ".<target name>.tmp-<random>"


@contextlib.contextmanager
def atomic_path(path):
    """Yields a temporary path beside ``path``; on success the file written there replaces ``path``.

    On an exception the temporary is removed and ``path`` is untouched.

    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "data.bin")
    >>> with atomic_path(target) as temporary:
    ...     with open(temporary, "wb") as f:
    ...         _ = f.write(b"abc")
    >>> open(target, "rb").read()
    b'abc'
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}{TEMPORARY_MARKER}", dir=directory)
    os.close(fd)
    try:
        yield temporary
        _fsync_file(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise
    _fsync_directory(directory)


@contextlib.contextmanager
def atomic_write(path, mode: str = "wb", encoding: str | None = None):
    """Yields a file object open for writing; its content replaces ``path`` when the block succeeds."""
    if not mode.startswith("w"):
        raise ValueError(f"atomic_write only writes whole files; mode must start with 'w', got {mode!r}.")
    encoding = encoding if "b" not in mode else None
    with atomic_path(path) as temporary, open(temporary, mode, encoding=encoding) as f:
        yield f


def write_text_atomically(path, text: str) -> None:
    """Replaces ``path`` with ``text`` (UTF-8), atomically."""
    with atomic_write(path, "w", encoding="utf-8") as f:
        f.write(text)


def _fsync_file(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(directory: str) -> None:
    """Makes a rename durable; directories cannot be opened (or need not be synced) on Windows."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on a directory; the rename is still atomic
        pass
    finally:
        os.close(fd)
