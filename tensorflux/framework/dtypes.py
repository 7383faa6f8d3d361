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
                 "is_bool", "is_unsigned", "as_datatype_enum", "__weakref__")

    is_numpy_compatible = True  # every dtype here has a NumPy counterpart
    is_quantized = False

    def __init__(self, name: str, np_name: str, kind: str, enum: int):
        self.name = name
        self.as_datatype_enum = enum  # TF's DataType number (float32 is 1)
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
        """The smallest value of the dtype (a NumPy scalar); TypeError for bool and string."""
        return self._info("minimum").min

    @property
    def max(self):
        return self._info("maximum").max

    def _info(self, what: str):
        if self.is_floating:
            return _float_info(self.numpy_dtype)
        if self.is_integer:
            return np.iinfo(self.numpy_dtype)
        raise TypeError(f"Cannot find {what} value of {self} with type {self}.")

    @property
    def limits(self) -> tuple:
        """The intensity range TF's image ops use: ``(0, 1)`` for floats, ``(0, max)`` for integers."""
        if self.is_bool:
            return 0, True
        if self.is_floating:
            return 0, 1
        if self.is_integer:
            return 0, int(self.max)
        raise ValueError(f"{self} does not have defined limits.")

    def is_compatible_with(self, other) -> bool:
        return self is as_dtype(other)

    def __repr__(self) -> str:
        return f"tf.{self.name}"

    def __str__(self) -> str:
        return f"<dtype: '{self.name}'>"

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


float16 = DType("float16", "float16", "f", 19)
float32 = DType("float32", "float32", "f", 1)
float64 = DType("float64", "float64", "f", 2)
bfloat16 = DType("bfloat16", "bfloat16", "f", 14)
int8 = DType("int8", "int8", "i", 6)
int16 = DType("int16", "int16", "i", 5)
int32 = DType("int32", "int32", "i", 3)
int64 = DType("int64", "int64", "i", 9)
uint8 = DType("uint8", "uint8", "u", 4)
uint16 = DType("uint16", "uint16", "u", 17)
uint32 = DType("uint32", "uint32", "u", 22)
uint64 = DType("uint64", "uint64", "u", 23)
bool = DType("bool", "bool", "b", 10)  # noqa: A001 - TF's public name
complex64 = DType("complex64", "complex64", "c", 8)
complex128 = DType("complex128", "complex128", "c", 18)
string = DType("string", "object", "s", 7)

half = float16
double = float64

ALL = (float16, float32, float64, bfloat16, int8, int16, int32, int64, uint8, uint16, uint32,
       uint64, bool, complex64, complex128, string)
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update(half=float16, double=float64, float=float32)
_BY_ENUM = {d.as_datatype_enum: d for d in ALL}
_BY_NUMPY = {d._np: d for d in ALL if isinstance(d._np, np.dtype)}
_BY_NUMPY[np.dtype(object)] = string
_BY_NUMPY[np.dtype("U")] = string
_BY_NUMPY[np.dtype("S")] = string


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
    elif isinstance(type_value, int) and not isinstance(type_value, _pybool):
        if type_value in _BY_ENUM:  # TF's DataType numbers
            return _BY_ENUM[type_value]
    elif type_value is float:  # Python's own types: TF knows these three only
        return float32
    elif type_value is _pybool:
        return bool
    elif type_value is object:
        return string
    np_dtype = None
    if isinstance(type_value, (np.dtype, type)) and type_value not in (int, str, bytes, complex):
        try:
            np_dtype = np.dtype(type_value)
        except TypeError:
            pass
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


def c_name(dtype: DType) -> str:
    """TF's C++ name of a dtype, used in its error messages (``float`` for float32, ``double`` …)."""
    return _C_NAMES.get(dtype.name, dtype.name)


_C_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def castable(source: DType, target: DType) -> _pybool:
    """Whether TF casts a converted value of ``source`` to a requested ``target`` (its ``IsCompatible``).

    Integers go to any number, floats to floats and complex numbers; nothing becomes or stops
    being a bool or a string.
    """
    if source is target:
        return True
    if target.is_integer:
        return source.is_integer
    if target.is_floating:
        return source.is_floating or source.is_integer
    if target.is_complex:
        return source.is_complex or source.is_floating or source.is_integer
    return False


def python_value_dtype(value) -> DType:
    """The dtype TF gives a Python value: float → float32, int → int32 (int64 if too large).

    >>> python_value_dtype([1, 2**40])
    tf.int64
    """
    return from_numpy(python_to_numpy(value).dtype)


def string_array(values, shape=None) -> np.ndarray:
    """A string tensor's array: ``bytes`` objects (``str`` encoded as UTF-8), as TF's ``numpy()`` gives."""
    flat = values.ravel().tolist() if isinstance(values, np.ndarray) else values
    out = np.empty(len(flat), dtype=object)
    out[:] = [v.encode() if isinstance(v, str) else v for v in flat]
    return out.reshape(values.shape if shape is None else shape)


# ---------------------------------------------------------------------------------------------
# Converting Python scalars and nested sequences, as TensorFlow's C++ converter does.
#
# TF infers a dtype from the FIRST leaf only (``1`` → int, ``1.0`` → float32, ``np.float64`` →
# float64 …), then runs that dtype's converter over every leaf in order. A converter that meets a
# value it cannot hold hands over to a wider one (int32 → int64 → float32); anything else is
# "mixed types". With a requested dtype, TF first tries the requested dtype's own converter (there
# is one for float16/32/64, int32/64, uint64, complex128, bool and string), then converts by the
# inferred dtype and casts when ``castable`` allows. Order matters: ``[1, 2**70, 1.5]`` fails where
# ``[1, 1.5, 2**70]`` becomes float32, as in TF.

MIXED = "Can't convert Python sequence with mixed types to Tensor."
NOT_RECTANGULAR = "Can't convert non-rectangular Python sequence to Tensor."
INT_OUT_OF_RANGE = "Can't convert Python sequence with out-of-range integer to Tensor."
FLOAT_OUT_OF_RANGE = "Can't convert Python sequence with a value out of range for a double-precision float."
_FOUND_FLOAT, _FOUND_INT64 = "found a float", "found an int64"  # hand-overs between converters


class _Stop(Exception):
    """A converter gave up; ``args[0]`` says why (one of the messages above, or a hand-over)."""


def _is_sequence(x) -> _pybool:
    return isinstance(x, (list, tuple, range)) or (isinstance(x, np.ndarray) and x.ndim > 0)


def _scalar(x):
    """A 0-d array counts as the scalar it holds (TF's ``ZeroDimArrayToScalar``)."""
    return x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x


def python_layout(value):
    """``(shape, first_leaf)``: the shape read along the first element of each level, as TF does.

    The first leaf is None for an empty sequence (whose shape then ends in 0).
    """
    shape, x = [], _scalar(value)
    while _is_sequence(x):
        shape.append(len(x))
        if not len(x):
            return tuple(shape), None
        x = _scalar(x[0])
    return tuple(shape), x


class Leaves:
    """The leaves of a Python value in order, with what the converters need to know about them."""

    __slots__ = ("values", "shape", "kinds", "rectangular_until")

    def __init__(self, values, shape, rectangular_until=None):
        kinds = set(map(type, values))
        if np.ndarray in kinds:  # 0-d arrays inside a list count as their scalars
            values = [_scalar(v) for v in values]
            kinds = set(map(type, values))
        self.values, self.shape, self.kinds = values, shape, kinds
        self.rectangular_until = rectangular_until  # how many leaves came before a ragged spot (None: none)


def python_leaves(value, shape) -> Leaves:
    """The leaves of a value whose shape ``python_layout`` read, noting where the nesting is ragged."""
    if not shape:
        return Leaves([_scalar(value)], shape)
    values, last = [], len(shape) - 1

    def walk(x, depth):
        if not _is_sequence(x) or len(x) != shape[depth]:
            return False
        if depth == last:
            values.extend(x)
            return True
        return all(walk(v, depth + 1) for v in x)

    rectangular = walk(value, 0)
    return Leaves(values, tuple(shape), None if rectangular else len(values))


def _inferred(leaf) -> DType:
    """The dtype TF infers from a sequence's first leaf."""
    if isinstance(leaf, (str, bytes)):
        return string
    if isinstance(leaf, np.generic):
        kind = leaf.dtype.kind
        if kind == "f":
            return from_numpy(leaf.dtype)
        if kind in "iu":
            return int64
        if kind in "bc":
            return bool if kind == "b" else complex128
    elif isinstance(leaf, _pybool):
        return bool
    elif isinstance(leaf, int):
        return int64
    elif isinstance(leaf, float):
        return float32
    elif isinstance(leaf, complex):
        return complex128
    raise ValueError(f"Attempt to convert a value ({leaf!r}) with an unsupported type ({type(leaf)!r}) to a Tensor.")


def _as_float(v):
    """One leaf for a float converter: Python and NumPy reals (bools too, not NumPy bools)."""
    if isinstance(v, (float, int, np.floating, np.integer)):
        try:
            return float(v)
        except OverflowError:
            raise _Stop(FLOAT_OUT_OF_RANGE) from None
    raise _Stop(MIXED)


def _as_int(limit):
    """One leaf for an integer converter holding values in ``[-limit, limit)`` (or ``[0, 2**64)``)."""
    wide = _FOUND_INT64 if limit == 2**31 else INT_OUT_OF_RANGE
    low = 0 if limit == 2**64 else -limit

    def convert(v):
        if isinstance(v, (int, np.integer)) and not isinstance(v, np.bool_):
            v = int(v)
            if not low <= v < limit:
                raise _Stop(wide)
            return v
        raise _Stop(_FOUND_FLOAT if isinstance(v, (float, np.floating)) else MIXED)

    return convert


def _as_bool(v):
    if isinstance(v, (_pybool, np.bool_)):
        return _pybool(v)
    raise _Stop(MIXED)


def _as_complex(v):
    return complex(v) if isinstance(v, (complex, np.complexfloating)) else _as_float(v)


def _as_bytes(v):
    if isinstance(v, str):
        return v.encode()
    if isinstance(v, bytes):
        return v
    raise _Stop(MIXED)


# Per target dtype: the leaf types that need no per-leaf check, and the per-leaf converter.
_PLAIN_NUMBERS = frozenset((float, int, _pybool))
_CONVERTERS = {
    "float16": (_PLAIN_NUMBERS, _as_float), "float32": (_PLAIN_NUMBERS, _as_float),
    "float64": (_PLAIN_NUMBERS, _as_float), "complex128": (_PLAIN_NUMBERS | {complex}, _as_complex),
    "int32": (frozenset((int, _pybool)), _as_int(2**31)), "int64": (frozenset((int, _pybool)), _as_int(2**63)),
    "uint64": (frozenset((int, _pybool)), _as_int(2**64)), "bool": (frozenset((_pybool,)), _as_bool),
    "string": (frozenset((str, bytes)), _as_bytes),
}


def _convert(leaves: Leaves, target: DType) -> np.ndarray:
    """Runs ``target``'s converter over the leaves (raising ``_Stop`` where it gives up)."""
    plain, convert = _CONVERTERS[target.name]
    values = leaves.values
    if leaves.rectangular_until is not None:
        for v in values[:leaves.rectangular_until]:
            convert(v)
        raise _Stop(NOT_RECTANGULAR)
    if not plain.issuperset(leaves.kinds):
        values = [convert(v) for v in values]
    if target is string:
        return string_array(values, leaves.shape)
    return _numeric_array(values, target).reshape(leaves.shape)


_FLOAT_MAX = {"float16": 65504.0, "float32": 3.4028234663852886e38}


def _numeric_array(values: list, target: DType) -> np.ndarray:
    if target is bool:
        return np.array(values, np.bool_)
    if target.is_integer:
        limit = 2**64 if target is uint64 else 2**31 if target is int32 else 2**63
        if values and not (-limit * (target is not uint64) <= min(values) and max(values) < limit):
            raise _Stop(_FOUND_INT64 if target is int32 else INT_OUT_OF_RANGE)
        return np.array(values, target.numpy_dtype)
    if target.name in _FLOAT_MAX and len(values) <= 64 and _within(values, _FLOAT_MAX[target.name]):
        return np.array(values, target.numpy_dtype)  # a short list that cannot overflow: directly
    try:
        wide = np.array(values, np.complex128 if target.is_complex else np.float64)
    except OverflowError:
        raise _Stop(FLOAT_OUT_OF_RANGE) from None
    if target.name in _FLOAT_MAX:  # TF refuses a finite value that overflows the narrow float
        with np.errstate(over="ignore"):
            narrow = wide.astype(target.numpy_dtype)
        if np.isinf(narrow).any() and np.isfinite(wide[np.isinf(narrow)]).any():
            raise _Stop(FLOAT_OUT_OF_RANGE)
        return narrow
    return wide


def _within(values: list, limit: float) -> _pybool:
    """Whether every value is a number no larger than ``limit`` in size (False for NaN and infinities)."""
    try:
        return max(map(abs, values)) <= limit and all(v == v for v in values)
    except OverflowError:
        return False


def _convert_inferred(leaves: Leaves, inferred: DType, requested: _pybool) -> np.ndarray:
    """TF's conversion by the inferred dtype: ints try int32, then int64, then float."""
    if inferred is int64 and not requested:
        try:
            return _convert(leaves, int32)
        except _Stop as e:
            if e.args[0] not in (_FOUND_INT64, _FOUND_FLOAT):
                raise
            if e.args[0] is _FOUND_INT64:
                try:
                    return _convert(leaves, int64)
                except _Stop as e2:
                    if e2.args[0] is not _FOUND_FLOAT:
                        raise
        return _convert(leaves, float32)
    if inferred is int64:
        try:
            return _convert(leaves, int64)
        except _Stop as e:
            if e.args[0] is not _FOUND_FLOAT:
                raise
            return _convert(leaves, float64)
    if inferred is float32 and requested:  # a requested dtype is reached by a cast from doubles
        inferred = float64
    return _convert(leaves, inferred)


def python_to_numpy(value, dtype: DType | None = None, layout=None, leaves: Leaves | None = None) -> np.ndarray:
    """The array TF makes of a Python scalar or nested sequence (NumPy scalars inside included).

    Raises TF's errors: ``ValueError`` for mixed types, ragged nesting or out-of-range numbers,
    ``TypeError`` when the value cannot become the requested ``dtype``. ``layout`` and ``leaves``
    are ``python_layout`` and ``python_leaves`` results when the caller has them already.

    >>> python_to_numpy([1, 2.5]).dtype
    dtype('float32')
    """
    shape, first = python_layout(value) if layout is None else layout
    if first is None and shape:  # empty: float32 unless a dtype is requested
        target = dtype or float32
        return np.empty(shape, object) if target is string else np.zeros(shape, target.numpy_dtype)
    leaves = python_leaves(value, shape) if leaves is None else leaves
    if dtype is not None and dtype.name in _CONVERTERS:
        try:
            return _convert(leaves, dtype)
        except _Stop:
            pass
    try:
        array = _convert_inferred(leaves, _inferred(first), dtype is not None)
    except _Stop as e:
        raise ValueError(e.args[0]) from None
    if dtype is None or array.dtype == dtype.numpy_dtype:
        return array
    if not castable(from_numpy(array.dtype), dtype):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {c_name(dtype)}")
    with np.errstate(over="ignore"):
        return array.astype(dtype.numpy_dtype)
