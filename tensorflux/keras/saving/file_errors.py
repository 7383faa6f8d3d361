"""Errors about model files say which file and what is wrong with it (Keras often says neither)."""

from __future__ import annotations

import contextlib
import os


class _Named(Exception):
    pass


class NamedValueError(ValueError, _Named):
    """A ``ValueError`` whose message already names the file."""


class NamedTypeError(TypeError, _Named):
    """A ``TypeError`` whose message already names the file."""


def file_error(path, problem: str) -> NamedValueError:
    return NamedValueError(f"{_describe(path)}: {problem}")


@contextlib.contextmanager
def errors_name_file(path, action: str = "loading"):
    """Re-raises any error inside the block with the file's name in front of its message.

    ``TypeError`` stays a ``TypeError`` (an unknown class, a bad config); every other failure — a
    broken zip, unreadable HDF5, invalid JSON, a mismatched weight — becomes a ``ValueError``.
    """
    try:
        yield
    except _Named:
        raise
    except TypeError as e:
        raise NamedTypeError(f"Error {action} {_describe(path)}: {e}") from e
    except Exception as e:
        reason = str(e) or type(e).__name__
        if not isinstance(e, ValueError):
            reason = f"{type(e).__name__}: {reason}"
        raise NamedValueError(f"Error {action} {_describe(path)}: {reason}") from e


def _describe(path) -> str:
    return f"'{os.fspath(path)}'" if isinstance(path, (str, os.PathLike)) else "the file object"
