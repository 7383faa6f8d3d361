"""``tf.Module``: a named container that finds the variables and sub-modules in its attributes,
and ``tf.name_scope``, which prefixes the names of graph operations."""

from __future__ import annotations

import re

_SCOPES: list[str] = []


class name_scope:  # noqa: N801 - TF's public name
    """A context whose graph operations are named ``scope/op``.

    >>> with name_scope("block") as scope:
    ...     scope
    'block/'
    """

    def __init__(self, name, default_name=None, values=None):
        self._name = name or default_name

    def __enter__(self) -> str:
        _SCOPES.append(self._name)
        return self.current()

    def __exit__(self, *exc):
        _SCOPES.pop()

    @staticmethod
    def current() -> str:
        return "".join(f"{s}/" for s in _SCOPES if s)


def scoped(name: str) -> str:
    """An op name inside the current name scopes."""
    return name_scope.current() + name


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


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
            name = _CAMEL.sub("_", type(self).__name__).lower()
        if not name.isidentifier():
            raise ValueError(f"'{name}' is not a valid module name. Module names must be valid Python identifiers "
                             "(e.g. a valid class name).")
        self._name = name
        self._scope_name = name + "/"

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self) -> name_scope:
        return name_scope(self._name)

    @property
    def variables(self) -> tuple:
        """Every variable owned by this module and its sub-modules (each once)."""
        return tuple(self._flatten(lambda v: getattr(v, "_is_variable", False)))

    @property
    def trainable_variables(self) -> tuple:
        return tuple(self._flatten(lambda v: getattr(v, "_is_variable", False) and v.trainable))

    @property
    def non_trainable_variables(self) -> tuple:
        return tuple(self._flatten(lambda v: getattr(v, "_is_variable", False) and not v.trainable))

    @property
    def submodules(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Module)))

    def _flatten(self, predicate):
        seen, out = {id(self)}, []

        def walk(value):
            if isinstance(value, dict):
                for k in sorted(value, key=str):
                    walk(value[k])
            elif isinstance(value, (list, tuple)):
                for v in value:
                    walk(v)
            elif id(value) not in seen and (isinstance(value, Module) or getattr(value, "_is_variable", False)):
                seen.add(id(value))
                if predicate(value):
                    out.append(value)
                if isinstance(value, Module):
                    for k in sorted(vars(value)):
                        walk(vars(value)[k])

        for key in sorted(vars(self)):
            walk(vars(self)[key])
        return out

    @classmethod
    def with_name_scope(cls, method):
        return method

