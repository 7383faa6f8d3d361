"""``tf.Module``: a named container that finds the variables and sub-modules in its attributes,
and ``tf.name_scope``, which prefixes the names of graph operations and variables."""

from __future__ import annotations

import functools
import re
import threading

from . import nest


class _Scopes(threading.local):
    """The full prefix of each open scope, innermost last ("outer/inner/"), per thread as in TF."""

    def __init__(self):
        self.stack: list[str] = []


_SCOPES = _Scopes()


class name_scope:  # noqa: N801 - TF's public name
    """A context whose graph operations and variables are named ``scope/name``.

    A name ending in ``/`` is absolute: it replaces the enclosing scopes instead of nesting.

    >>> with name_scope("block") as scope:
    ...     scope
    'block/'
    """

    def __init__(self, name, default_name=None, values=None):
        self._name = name or default_name or ""

    @property
    def name(self) -> str:
        """The full scope this context opens (``outer/inner/``)."""
        if not self._name or self._name.endswith("/"):
            return self._name
        return self.current() + self._name + "/"

    def __enter__(self) -> str:
        scope = self.name
        _SCOPES.stack.append(scope)
        return scope

    def __exit__(self, *exc):
        _SCOPES.stack.pop()

    @staticmethod
    def current() -> str:
        return _SCOPES.stack[-1] if _SCOPES.stack else ""


def scoped(name: str) -> str:
    """An op or variable name inside the current name scopes."""
    return _SCOPES.stack[-1] + name if _SCOPES.stack else name


_CAMEL_TO_SNAKE = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")  # TF's: HTTPServer → http_server


def _is_variable(value) -> bool:
    return getattr(value, "_is_variable", False) is True


class Module:
    """Base class of things that own variables, as ``tf.Module``.

    >>> import tensorflux as tf
    >>> class Dense(tf.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.w = tf.Variable(tf.ones((2, 1)))
    >>> len(Dense().trainable_variables)
    1
    """

    def __init__(self, name=None):
        if name is None:
            name = _CAMEL_TO_SNAKE.sub(r"_\1", type(self).__name__).lower()
        if not name.isidentifier():
            raise ValueError(f"'{name}' is not a valid module name. Module names must be valid Python identifiers "
                             "(e.g. a valid class name).")
        self._name = name
        self._scope_name = name_scope(name).name  # fixed at construction, inside the scopes open then

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        hooks = self.__dict__.get("_checkpoint_deferred")
        if hooks:  # a checkpoint restore waits for this attribute (tensorflux/train/restore.py)
            hooks(self, name, value)

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self) -> name_scope:
        """The scope of this module's variables and ops (``with module.name_scope: ...``)."""
        return name_scope(self._scope_name)

    @property
    def variables(self) -> tuple:
        """Every variable owned by this module and its sub-modules (each once)."""
        return tuple(self._flatten(_is_variable))

    @property
    def trainable_variables(self) -> tuple:
        return tuple(self._flatten(lambda v: _is_variable(v) and v.trainable))

    @property
    def non_trainable_variables(self) -> tuple:
        return tuple(self._flatten(lambda v: _is_variable(v) and not v.trainable))

    @property
    def submodules(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Module)))

    def _flatten(self, predicate) -> list:
        """TF's walk: each module's attributes in name order (their leaves as ``tf.nest`` orders them),
        then its sub-modules, each object once."""
        seen, out, modules = {id(self)}, [], [self]
        while modules:
            module, found = modules.pop(0), []
            for key in sorted(vars(module)):
                for leaf in nest.flatten(vars(module)[key]):
                    if id(leaf) in seen:
                        continue
                    seen.add(id(leaf))
                    if predicate(leaf):
                        out.append(leaf)
                    if isinstance(leaf, Module):
                        found.append(leaf)
            modules[:0] = found  # depth first: a module's sub-modules before its siblings'
        return out

    @classmethod
    def with_name_scope(cls, method):
        """Decorates a method so that it runs inside the module's name scope."""

        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)

        return wrapper
