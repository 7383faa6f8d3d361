"""Keras' name scopes: the ``sequential/dense`` prefix of a variable's ``path``.

A layer opens its scope while it builds and calls, so a weight created inside knows where it
lives. Re-entering the scope its own caller already opened is a no-op (no ``dense/dense``).
"""

from __future__ import annotations

from .api_export import keras_export

_STACK: list[name_scope] = []


@keras_export("keras.name_scope")
class name_scope:
    """A context that prefixes the paths of the variables created inside it.

    >>> from tensorflux import keras
    >>> with keras.name_scope("block"):
    ...     v = keras.Variable(1.0, name="w")
    >>> v.path
    'block/w'
    """

    def __init__(self, name: str, caller=None):
        if not isinstance(name, str) or "/" in name:
            raise ValueError(f"Argument `name` must be a string and cannot contain character `/`. Received: name={name}")
        self.name = name
        self.caller = caller
        self._pushed = False

    def __enter__(self):
        top = _STACK[-1] if _STACK else None
        if not (self.caller is not None and top is not None and top.caller is self.caller):
            _STACK.append(self)
            self._pushed = True
        return self

    def __exit__(self, *exc):
        if self._pushed:
            _STACK.remove(self)
            self._pushed = False


def current_path() -> str:
    """The names of the open scopes joined by ``/``."""
    return "/".join(scope.name for scope in _STACK)
