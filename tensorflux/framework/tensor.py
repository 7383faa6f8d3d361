"""Tensor: an immutable value wrapping one backend array; its operators, printing and NumPy interop.

``Tensor`` is the common base (``isinstance(x, tf.Tensor)``); ``EagerTensor`` holds a computed
array; symbolic tensors (``framework/graph.py``) share the base but hold no value. Operators name
the primitive they run; primitives are declared in ``ops/`` and found by name in the registry,
so this file needs nothing from the floors above it.
"""

from __future__ import annotations

import math

import numpy as np

from . import backend, dtypes
from .errors import InvalidArgumentError, OperatorNotAllowedInGraphError
from .module import scoped
from .shape import TensorShape


class _Operator:
    """One Python operator: the primitive it runs, its graph node name, and how it converts.

    TF converts the other operand differently per operator: ``+``, ``/`` and ``@`` treat the
    tensor's dtype as a hint (a value that cannot take it keeps its own dtype, and the mismatch is
    then reported), the others require it (``Cannot convert 2.5 to EagerTensor of dtype int32``).
    """

    __slots__ = ("prim_name", "node", "hint", "reflected", "_prim")

    def __init__(self, prim_name: str, node: str, reflected: str | None = None, hint: bool = False):
        self.prim_name, self.node, self.reflected, self.hint = prim_name, node, reflected, hint
        self._prim = None

    @property
    def prim(self):
        if self._prim is None:  # looked up on first use: primitives are registered by ops/
            self._prim = primitive.REGISTRY[self.prim_name]
        return self._prim


ADD = _Operator("AddV2", "add", "__radd__", hint=True)
SUB = _Operator("Sub", "sub", "__rsub__")
MUL = _Operator("Mul", "mul", "__rmul__")
TRUEDIV = _Operator("RealDiv", "truediv", "__rtruediv__", hint=True)
FLOORDIV = _Operator("FloorDiv", "floordiv", "__rfloordiv__")
MOD = _Operator("FloorMod", "mod", "__rmod__")
POW = _Operator("Pow", "pow", "__rpow__")
MATMUL = _Operator("MatMul", "matmul", "__rmatmul__", hint=True)
LESS = _Operator("Less", "Less")
LESS_EQUAL = _Operator("LessEqual", "LessEqual")
GREATER = _Operator("Greater", "Greater")
GREATER_EQUAL = _Operator("GreaterEqual", "GreaterEqual")
EQUAL = _Operator("Equal", "Equal")
NOT_EQUAL = _Operator("NotEqual", "NotEqual")
LOGICAL = {"and": _Operator("LogicalAnd", "and", "__rand__"), "or": _Operator("LogicalOr", "or", "__ror__"),
           "xor": _Operator("NotEqual", "xor", "__rxor__")}  # xor of bools is inequality
BITWISE = {"and": _Operator("BitwiseAnd", "and", "__rand__"), "or": _Operator("BitwiseOr", "or", "__ror__"),
           "xor": _Operator("BitwiseXor", "xor", "__rxor__")}


class TensorOperators:
    """Python operators shared by tensors and variables, each running one primitive."""

    __slots__ = ()
    __array_priority__ = 100  # NumPy defers ``ndarray + tensor`` to ``Tensor.__radd__``
    _is_variable = False

    def __add__(self, y):
        return _apply(ADD, self, y)

    def __radd__(self, x):
        return _apply_reflected(ADD, x, self)

    def __sub__(self, y):
        return _apply(SUB, self, y)

    def __rsub__(self, x):
        return _apply_reflected(SUB, x, self)

    def __mul__(self, y):
        return _apply(MUL, self, y)

    def __rmul__(self, x):
        return _apply_reflected(MUL, x, self)

    def __truediv__(self, y):
        return _apply(TRUEDIV, self, y)

    def __rtruediv__(self, x):
        return _apply_reflected(TRUEDIV, x, self)

    def __floordiv__(self, y):
        return _apply(FLOORDIV, self, y)

    def __rfloordiv__(self, x):
        return _apply_reflected(FLOORDIV, x, self)

    def __mod__(self, y):
        return _apply(MOD, self, y)

    def __rmod__(self, x):
        return _apply_reflected(MOD, x, self)

    def __pow__(self, y):
        return _apply(POW, self, y)

    def __rpow__(self, x):
        return _apply_reflected(POW, x, self)

    def __matmul__(self, y):
        return _apply(MATMUL, self, y)

    def __rmatmul__(self, x):
        return _apply_reflected(MATMUL, x, self)

    def __lt__(self, y):
        return _apply(LESS, self, y)

    def __le__(self, y):
        return _apply(LESS_EQUAL, self, y)

    def __gt__(self, y):
        return _apply(GREATER, self, y)

    def __ge__(self, y):
        return _apply(GREATER_EQUAL, self, y)

    def __eq__(self, y):
        return _compare_equal(EQUAL, self, y, False)

    def __ne__(self, y):
        return _compare_equal(NOT_EQUAL, self, y, True)

    def __and__(self, y):
        return _apply(_logic(self, "and"), self, y)

    def __rand__(self, x):
        return _apply_reflected(_logic(self, "and"), x, self)

    def __or__(self, y):
        return _apply(_logic(self, "or"), self, y)

    def __ror__(self, x):
        return _apply_reflected(_logic(self, "or"), x, self)

    def __xor__(self, y):
        return _apply(_logic(self, "xor"), self, y)

    def __rxor__(self, x):
        return _apply_reflected(_logic(self, "xor"), x, self)

    def __invert__(self):
        name = "LogicalNot" if self.dtype is dtypes.bool else "Invert"
        return primitive.REGISTRY[name](self, name=name)

    def __neg__(self):
        return primitive.REGISTRY["Neg"](self, name="Neg")

    def __pos__(self):
        return self

    def __abs__(self):
        return primitive.REGISTRY["Abs"](self, name="Abs")

    def __getitem__(self, key):
        from .indexing import getitem

        return getitem(self, key)

    def __hash__(self):
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def ref(self):
        """A hashable reference to this object, as TF's ``Tensor.ref()``."""
        return Reference(self)

    experimental_ref = ref


class Tensor(TensorOperators):
    """A multidimensional array of elements of one dtype, as ``tf.Tensor``.

    >>> import tensorflux as tf
    >>> print(tf.ones((2, 3)))
    tf.Tensor(
    [[1. 1. 1.]
     [1. 1. 1.]], shape=(2, 3), dtype=float32)
    """

    __slots__ = ("_value", "__weakref__")

    @property
    def dtype(self) -> dtypes.DType:
        return dtypes.from_numpy(self._value.dtype)

    @property
    def shape(self) -> TensorShape:
        return TensorShape.of_array(self._value.shape)

    def get_shape(self) -> TensorShape:
        return self.shape

    def set_shape(self, shape) -> None:
        if not self.shape.is_compatible_with(shape):
            raise ValueError(f"Tensor's shape {self.shape} is not compatible with supplied shape {TensorShape(shape)}.")

    def _shape_tuple(self):
        """The static shape as a tuple, ``None`` for unknown dimensions (the shape rules use it)."""
        return self._value.shape

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def name(self):
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    @property
    def device(self) -> str:
        return backend.device_of(self._value)

    def numpy(self):
        """A copy of the value as a NumPy array (a NumPy scalar for rank 0), as TF's ``numpy()``."""
        value = backend.to_numpy(self._value)
        return value.copy() if value.ndim else value[()]

    def __array__(self, dtype=None, copy=None):
        value = backend.to_numpy(self._value)
        if dtype is not None and np.dtype(dtype) != value.dtype:
            return value.astype(dtype)
        if copy:
            return np.array(value, copy=True)
        view = np.asarray(value).view()
        view.flags.writeable = False  # NumPy may read the buffer, never change the tensor
        return view

    def __len__(self) -> int:
        if self._value.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return self._value.shape[0]

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(self._value.shape[0]))

    def __bool__(self) -> bool:
        value = self._value
        return bool(value.size > 0 and value) if value.ndim else bool(value)

    def __float__(self) -> float:
        return float(self._value)

    def __int__(self) -> int:
        return int(self._value)

    def __index__(self) -> int:
        value = backend.to_numpy(self._value)
        return (value[()] if value.ndim == 0 else value).__index__()

    def __complex__(self) -> complex:
        return complex(self._value)

    def __format__(self, spec: str) -> str:
        return format(self.numpy(), spec)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return _eager_from_numpy, (self.numpy(),)

    def __repr__(self) -> str:
        return f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={numpy_text(self._value, True)}>"

    def __str__(self) -> str:
        return f"tf.Tensor({numpy_text(self._value, False)}, shape={self.shape}, dtype={self.dtype.name})"


class EagerTensor(Tensor):
    """A tensor whose value has been computed (TF's class of the same name)."""

    __slots__ = ("_origin",)  # set only on a slice of a variable: (variable, key), for ``v[0].assign(...)``

    def __init__(self, value):
        self._value = value


def _eager_from_numpy(value):
    return EagerTensor(np.asarray(value))


def numpy_text(value, is_repr: bool) -> str:
    """NumPy's text for a value, as TF prints it: a newline first when it spans several lines.

    A scalar prints as its NumPy scalar (``0.1`` for float32) and shows as its Python value in a
    repr (``0.10000000149011612``), as TF does with NumPy 2.
    """
    value = backend.to_numpy(value)
    if value.ndim == 0:
        text = repr(value.item()) if is_repr else str(value[()])
    else:
        text = repr(value) if is_repr else str(value)
        # NumPy 2.4 writes ml_dtypes' types as "dtype=dtype(bfloat16)"; TF (and older NumPy) "dtype=bfloat16"
        text = text.replace(f"dtype=dtype({value.dtype.name})", f"dtype={value.dtype.name}")
    return "\n" + text if "\n" in text else text


class Reference:
    """A hashable wrapper of a tensor or variable (``tensor.ref()``)."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def deref(self):
        return self._obj

    def __hash__(self) -> int:
        return id(self._obj)

    def __eq__(self, other) -> bool:
        return isinstance(other, Reference) and other._obj is self._obj

    def __repr__(self) -> str:
        return f"<Reference wrapping {self._obj!r}>"


# ---------------------------------------------------------------------------------------------
# Conversion of Python values, NumPy arrays and lists of tensors into arrays.

def is_tensor_like(value) -> bool:
    return isinstance(value, TensorOperators)


_FLOAT32_MAX = 3.4e38  # below float32's largest value: a Python float under it needs no range check


def to_array(value, dtype: dtypes.DType | None = None, hint: dtypes.DType | None = None):
    """A backend array for a Python value, NumPy array or list of tensors, with TF's rules.

    With ``dtype`` the value must convert to it (TF's ``TypeError`` or ``ValueError``
    otherwise; NumPy arrays are cast whatever their dtype). With only ``hint``, the hint is used
    when the value converts to it and ignored otherwise, as TF's ``dtype_hint``.
    """
    kind = type(value)
    if kind is float:  # the common operands first: `x * 2.0`, `x + 1`
        if dtype is None and hint is None:
            if -_FLOAT32_MAX < value < _FLOAT32_MAX or not math.isfinite(value):
                return np.array(value, np.float32)
        elif (dtype or hint) in (dtypes.float32, dtypes.float64) and -_FLOAT32_MAX < value < _FLOAT32_MAX:
            return np.array(value, (dtype or hint).numpy_dtype)
    elif kind is int and -2**31 <= value < 2**31:
        target = dtype or hint
        if target is None:
            return np.array(value, np.int32)
        if target is dtypes.int32 or target is dtypes.int64 or target is dtypes.float32 or target is dtypes.float64:
            return np.array(value, target.numpy_dtype)
    if dtype is None and hint is not None:
        try:
            return to_array(value, hint)
        except (TypeError, ValueError):
            return to_array(value)
    if isinstance(value, np.ndarray) or backend.is_array(value):
        return _array_as(value, dtype)
    if isinstance(value, np.generic):
        return _array_as(np.asarray(value), dtype)
    if isinstance(value, TensorOperators):
        return _tensor_array(value, dtype)
    shape, first = layout = dtypes.python_layout(value)
    leaves = dtypes.python_leaves(value, shape) if first is not None else None
    if leaves is not None and any(issubclass(kind, TensorOperators) for kind in leaves.kinds):
        return _pack(value, dtype, leaves.values)
    return dtypes.python_to_numpy(value, dtype, layout, leaves)


def _array_as(array, dtype: dtypes.DType | None):
    """A NumPy (or CuPy) array as TF converts it: any numeric cast is allowed, strings become bytes."""
    if array.dtype.kind in "OSU":
        if dtype is None or dtype is dtypes.string:
            return _string_array(array)
        return array.astype(dtype.numpy_dtype)
    if dtype is None:
        dtypes.from_numpy(array.dtype)  # refuses dtypes TF has no counterpart for
        return array
    if dtype is dtypes.string:
        return _string_array(array)
    if array.dtype == dtype.numpy_dtype:
        return array
    return array.astype(dtype.numpy_dtype)


def _string_array(array):
    """A string tensor's array from a NumPy array of ``str``/``bytes`` (others are TF's ValueError)."""
    if array.dtype.kind != "U":
        for v in array.ravel().tolist():
            if not isinstance(v, (bytes, str)):
                raise ValueError(f"Failed to convert a NumPy array to a Tensor (Unsupported object type "
                                 f"{type(v).__name__}).")
    return dtypes.string_array(array)


def _tensor_array(tensor, dtype):
    if tensor._value is None:
        raise TypeError(f"A symbolic tensor ({tensor.name}) has no value to convert.")
    if dtype is not None and tensor.dtype is not dtype:
        raise TypeError(f"Expected tensor {tensor.numpy()} with dtype {dtype!r}, but got dtype {tensor.dtype!r}.")
    return tensor._value


def _pack(value, dtype, leaves):
    """``tf.convert_to_tensor([t1, 2.0])``: a nested list holding tensors is stacked (TF's autopacking).

    The first tensor's dtype is the dtype of every element, as in TF.
    """
    first = next(v for v in leaves if isinstance(v, TensorOperators))
    target = first.dtype
    if dtype is not None and target is not dtype:
        raise TypeError(f"Cannot convert a list containing a tensor of dtype {target!r} to {dtype!r} "
                        f"(Tensor is: {first!r})")

    def element(v):
        if isinstance(v, (list, tuple)):
            return np.stack([element(u) for u in v]) if v else np.zeros((0,), target.numpy_dtype)
        if isinstance(v, TensorOperators):
            if v.dtype is not target:
                raise TypeError(f"Cannot convert a list containing a tensor of dtype {v.dtype!r} to {target!r} "
                                f"(Tensor is: {v!r})")
            return backend.to_numpy(_tensor_array(v, None))
        return np.asarray(to_array(v, target))

    return element(value)


def _array_converts(current: dtypes.DType, target: dtypes.DType) -> bool:
    """Whether TF converts a NumPy array of ``current`` dtype to ``target``: any numeric cast."""
    return (current is dtypes.string) == (target is dtypes.string)


def _tf_name(dtype: dtypes.DType) -> str:
    """TF's C++ names in dtype error messages (``float`` for float32, ``double`` for float64)."""
    return dtypes.c_name(dtype)


# ---------------------------------------------------------------------------------------------
# Applying a binary operator.

def _apply(op: _Operator, x, y):
    """``x <op> y`` where ``x`` is a tensor or variable: converts ``y``, checks dtypes, runs the primitive."""
    if type(y) is EagerTensor and type(x) is EagerTensor and x._value.dtype == y._value.dtype:
        return op.prim(x, y, name=op.node)
    if not isinstance(y, TensorOperators):
        try:
            y = _operand(y, x.dtype, op.hint)
        except (TypeError, ValueError):
            # As TF: an operand that knows tensors may still handle the reflected operator.
            reflected = getattr(type(y), op.reflected, None) if op.reflected else None
            if reflected is not None and not isinstance(y, (int, float, complex, np.ndarray, np.generic)):
                out = reflected(y, x)
                if out is not NotImplemented:
                    return out
            raise
    return _run(op, x, y)


def _apply_reflected(op: _Operator, x, y):
    """``x <op> y`` where only ``y`` is a tensor: ``x`` must convert to ``y``'s dtype (TF's rule)."""
    return _run(op, primitive.constant(to_array(x, y.dtype)), y)


def _operand(value, dtype: dtypes.DType, hint: bool):
    return primitive.constant(to_array(value, None, dtype) if hint else to_array(value, dtype))


def _run(op: _Operator, x, y):
    vx, vy = x._value, y._value
    if vx is not None and vy is not None and vx.dtype == vy.dtype:
        return op.prim(x, y, name=op.node)  # the common case: two values of one dtype
    dx, dy = x.dtype, y.dtype
    if op is TRUEDIV:  # TF checks in Python, before any kernel (which refuses bools and strings)
        if dx is not dy:
            raise TypeError(f"`x` and `y` must have the same dtype, got {dx!r} != {dy!r}.")
    elif dx is not dy:
        allowed = op.prim.allowed
        if allowed is not None and dx.numpy_dtype not in allowed:  # TF checks the first input's dtype first
            primitive._check_dtype(op.prim, dx.numpy_dtype)
        if _symbolic(x) or _symbolic(y):
            reserve = getattr((x if _symbolic(x) else y).graph, "unique_name", None)
            if reserve is not None:  # TF names the node before it checks dtypes: the name is used up
                reserve(scoped(op.node))
            arg = ("a", "b") if op is MATMUL else ("x", "y")
            raise TypeError(f"Input '{arg[1]}' of '{op.prim_name}' Op has type {dy.name} that does not match type "
                            f"{dx.name} of argument '{arg[0]}'.")
        raise InvalidArgumentError(f"cannot compute {op.prim_name} as input #1(zero-based) was expected to be a "
                                   f"{dtypes.c_name(dx)} tensor but is a {dtypes.c_name(dy)} tensor "
                                   f"[Op:{op.prim_name}]")
    return op.prim(x, y, name=op.node)


def _symbolic(x) -> bool:
    return x._value is None and not x._is_variable


def _compare_equal(op: _Operator, x, y, if_none: bool):
    """``==`` and ``!=``: None compares unequal, shapes that do not broadcast compare unequal (TF)."""
    if y is None:
        return if_none
    if not isinstance(y, TensorOperators):
        y = _operand(y, x.dtype, hint=False)
    if not (_symbolic(x) or _symbolic(y)):
        try:
            np.broadcast_shapes(x._shape_tuple(), y._shape_tuple())
        except ValueError:
            return primitive.constant(np.array(if_none))
    return _run(op, x, y)


def _logic(x, which: str) -> _Operator:
    return LOGICAL[which] if x.dtype is dtypes.bool else BITWISE[which]


def graph_mode_bool_error(what: str) -> OperatorNotAllowedInGraphError:
    """TF's error for a symbolic tensor used as a Python bool or iterated: ``what`` names the use."""
    return OperatorNotAllowedInGraphError(
        f"{what} is not allowed. Python control flow cannot depend on a tensor's value while tracing "
        "(tensorflux has no AutoGraph): use `tf.cond`, `tf.while_loop`, `tf.switch_case` or `tf.unstack` instead.")


from . import primitive  # noqa: E402  (circular by design: the dispatcher builds on these classes)
