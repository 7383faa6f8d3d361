"""DType objects (``tf.float32`` …), their NumPy counterparts, and TensorFlow's conversion rules.

TensorFlow never promotes between tensors: ``float32 + float64`` is an error. The rules for
turning Python values into tensors are peculiar and are collected here in one place.
"""

from __future__ import annotations

import builtins

import numpy as np

_pybool = builtins.bool


class DType:
    """A tensor element type, as ``tf.DType``.

    >>> import tensorflux as tf
    >>> tf.float32.name, tf.float32.is_floating, tf.float32.size
    ('float32', True, 4)
    """

    __slots__ = ("name", "_np", "_np_name", "is_floating", "is_integer", "is_complex",
                 "is_bool", "is_unsigned", "__weakref__")

    def __init__(self, name: str, np_name: str, kind: str):
        self.name = name
        self._np_name = np_name
        self._np = None if name == "bfloat16" else (object if name == "string" else np.dtype(np_name))
        self.is_floating = kind == "f"
        self.is_integer = kind in "iu"
        self.is_unsigned = kind == "u"
        self.is_complex = kind == "c"
        self.is_bool = kind == "b"

    @property
    def as_numpy_dtype(self):
        """The NumPy scalar type (``np.float32``), as TF's ``as_numpy_dtype``."""
        return self.numpy_dtype.type if self.name != "string" else object

    @property
    def numpy_dtype(self) -> np.dtype:
        if self._np is None:  # bfloat16: ml_dtypes is loaded on first use, not at import
            import ml_dtypes

            self._np = np.dtype(ml_dtypes.bfloat16)
            _BY_NUMPY[self._np] = self
        return self._np if self.name != "string" else np.dtype(object)

    @property
    def base_dtype(self) -> DType:
        return self

    @property
    def real_dtype(self) -> DType:
        return {"complex64": float32, "complex128": float64}.get(self.name, self)

    @property
    def is_numeric(self) -> bool:
        return not (self.is_bool or self.name == "string")

    @property
    def size(self) -> int:
        return 1 if self.name == "string" else self.numpy_dtype.itemsize

    @property
    def min(self):
        return self._limits().min if not self.is_bool else False

    @property
    def max(self):
        return self._limits().max if not self.is_bool else True

    def _limits(self):
        if self.is_floating:
            return _float_info(self.numpy_dtype)
        if self.is_integer:
            return np.iinfo(self.numpy_dtype)
        raise TypeError(f"Cannot find minimum value of {self!r}.")

    def is_compatible_with(self, other) -> bool:
        return self is as_dtype(other)

    def __repr__(self) -> str:
        return f"tf.{self.name}"

    def __str__(self) -> str:
        return repr(self)

    def __eq__(self, other) -> bool:
        if other is self:
            return True
        if other is None:
            return False
        try:
            return as_dtype(other) is self
        except TypeError:
            return False

    def __ne__(self, other) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.name)

    def __reduce__(self):
        return as_dtype, (self.name,)


def _float_info(np_dtype):
    try:
        return np.finfo(np_dtype)
    except ValueError:  # bfloat16 before ml_dtypes registered finfo
        import ml_dtypes

        return ml_dtypes.finfo(np_dtype)


float16 = DType("float16", "float16", "f")
float32 = DType("float32", "float32", "f")
float64 = DType("float64", "float64", "f")
bfloat16 = DType("bfloat16", "bfloat16", "f")
int8 = DType("int8", "int8", "i")
int16 = DType("int16", "int16", "i")
int32 = DType("int32", "int32", "i")
int64 = DType("int64", "int64", "i")
uint8 = DType("uint8", "uint8", "u")
uint16 = DType("uint16", "uint16", "u")
uint32 = DType("uint32", "uint32", "u")
uint64 = DType("uint64", "uint64", "u")
bool = DType("bool", "bool", "b")  # noqa: A001 - TF's public name
complex64 = DType("complex64", "complex64", "c")
complex128 = DType("complex128", "complex128", "c")
string = DType("string", "object", "s")

half = float16
double = float64

ALL = (float16, float32, float64, bfloat16, int8, int16, int32, int64, uint8, uint16, uint32,
       uint64, bool, complex64, complex128, string)
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update(half=float16, double=float64, float=float32, int=int32)
_BY_NUMPY = {d._np: d for d in ALL if isinstance(d._np, np.dtype)}
_BY_NUMPY[np.dtype(object)] = string
_BY_NUMPY[np.dtype("U")] = string
_BY_NUMPY[np.dtype("S")] = string

_int32_min, _int32_max = -(2**31), 2**31 - 1


def as_dtype(type_value) -> DType:
    """Converts a DType, NumPy dtype, scalar type or name to a ``DType``.

    >>> as_dtype("float32") is float32
    True
    """
    if isinstance(type_value, DType):
        return type_value
    try:
        return _BY_NUMPY[type_value]
    except (KeyError, TypeError):
        pass
    if isinstance(type_value, str):
        if type_value in _BY_NAME:
            return _BY_NAME[type_value]
    elif type_value is float:
        return float32
    elif type_value is int:
        return int32
    elif type_value is _pybool:
        return bool
    elif type_value in (str, bytes):
        return string
    try:
        np_dtype = np.dtype(type_value)
    except TypeError:
        np_dtype = None
    if np_dtype is not None:
        if np_dtype.kind in "US":
            return string
        if np_dtype.name == "bfloat16":
            return bfloat16
        if np_dtype in _BY_NUMPY:
            return _BY_NUMPY[np_dtype]
    raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow DType.")



def from_numpy(np_dtype) -> DType:
    """The DType of a NumPy dtype, by table lookup (the fast path)."""
    try:
        return _BY_NUMPY[np_dtype]
    except KeyError:
        return as_dtype(np_dtype)


def python_value_dtype(value) -> DType:
    """The dtype TF gives a Python value: float → float32, int → int32 (int64 if too large)."""
    flat = _first_leaf_types(value)
    if flat is None:
        return float32
    kinds, big = flat
    if str in kinds or bytes in kinds:
        return string
    if complex in kinds:
        return complex128
    if float in kinds:
        return float32
    if int in kinds:
        return int64 if big else int32
    if _pybool in kinds:
        return bool
    return float32


def _first_leaf_types(value):
    """Collects the Python scalar types in a nested list, and whether an int exceeds int32."""
    kinds, big, stack = set(), False, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
            continue
        t = type(item)
        if isinstance(item, np.generic):
            t = float if item.dtype.kind == "f" else int if item.dtype.kind in "iu" else t
        elif isinstance(item, _pybool):
            t = _pybool
        elif isinstance(item, int):
            t = int
            big = big or not (_int32_min <= item <= _int32_max)
        kinds.add(t)
    return (kinds, big) if kinds else None
