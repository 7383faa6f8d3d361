"""Tensor: an immutable value wrapping one backend array; its operators, printing and NumPy interop.

``Tensor`` is the common base (``isinstance(x, tf.Tensor)``); ``EagerTensor`` holds a computed
array; symbolic tensors (``framework/graph.py``) share the base but hold no value. Operators name
the primitive they run; primitives are declared in ``ops/`` and found by name in the registry,
so this file needs nothing from the floors above it.
"""

from __future__ import annotations

import numpy as np

from . import backend, dtypes
from .errors import InvalidArgumentError, OperatorNotAllowedInGraphError
from .shape import TensorShape


class TensorOperators:
    """Python operators shared by tensors and variables, each running one primitive."""

    __slots__ = ()
    __array_priority__ = 100  # NumPy defers ``ndarray + tensor`` to ``Tensor.__radd__``
    _is_variable = False

    def __add__(self, y):
        return _binary("AddV2", self, y, "add")

    def __radd__(self, x):
        return _binary("AddV2", x, self, "add")

    def __sub__(self, y):
        return _binary("Sub", self, y, "sub")

    def __rsub__(self, x):
        return _binary("Sub", x, self, "sub")

    def __mul__(self, y):
        return _binary("Mul", self, y, "mul")

    def __rmul__(self, x):
        return _binary("Mul", x, self, "mul")

    def __truediv__(self, y):
        return _binary("RealDiv", self, y, "truediv")

    def __rtruediv__(self, x):
        return _binary("RealDiv", x, self, "truediv")

    def __floordiv__(self, y):
        return _binary("FloorDiv", self, y, "floordiv")

    def __rfloordiv__(self, x):
        return _binary("FloorDiv", x, self, "floordiv")

    def __mod__(self, y):
        return _binary("FloorMod", self, y, "mod")

    def __rmod__(self, x):
        return _binary("FloorMod", x, self, "mod")

    def __pow__(self, y):
        return _binary("Pow", self, y, "pow")

    def __rpow__(self, x):
        return _binary("Pow", x, self, "pow")

    def __matmul__(self, y):
        return _binary("MatMul", self, y, "matmul")

    def __rmatmul__(self, x):
        return _binary("MatMul", x, self, "matmul")

    def __lt__(self, y):
        return _binary("Less", self, y, "Less")

    def __le__(self, y):
        return _binary("LessEqual", self, y, "LessEqual")

    def __gt__(self, y):
        return _binary("Greater", self, y, "Greater")

    def __ge__(self, y):
        return _binary("GreaterEqual", self, y, "GreaterEqual")

    def __eq__(self, y):
        if y is None:
            return False
        return _binary("Equal", self, y, "Equal")

    def __ne__(self, y):
        if y is None:
            return True
        return _binary("NotEqual", self, y, "NotEqual")

    def __and__(self, y):
        return _binary(_bitwise_or_logical(self, "And"), self, y, "and")

    def __rand__(self, x):
        return _binary(_bitwise_or_logical(self, "And"), x, self, "and")

    def __or__(self, y):
        return _binary(_bitwise_or_logical(self, "Or"), self, y, "or")

    def __ror__(self, x):
        return _binary(_bitwise_or_logical(self, "Or"), x, self, "or")

    def __xor__(self, y):
        return _binary(_bitwise_or_logical(self, "Xor"), self, y, "xor")

    def __rxor__(self, x):
        return _binary(_bitwise_or_logical(self, "Xor"), x, self, "xor")

    def __invert__(self):
        name = "LogicalNot" if self.dtype is dtypes.bool else "Invert"
        return primitive.REGISTRY[name](self, name="invert")

    def __neg__(self):
        return primitive.REGISTRY["Neg"](self, name="neg")

    def __pos__(self):
        return self

    def __abs__(self):
        return primitive.REGISTRY["Abs"](self, name="Abs")

    def __getitem__(self, key):
        from .indexing import getitem

        return getitem(self, key)

    __hash__ = None  # tensors are unhashable; use ``.ref()`` as TF

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
        return TensorShape(self._value.shape)

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
        value = np.asarray(backend.to_numpy(self._value))
        return value if dtype is None else value.astype(dtype, copy=False)

    def __len__(self) -> int:
        if self._value.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return self._value.shape[0]

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(self._value.shape[0]))

    def __bool__(self) -> bool:
        return bool(self._value)

    def __float__(self) -> float:
        return float(self._value)

    def __int__(self) -> int:
        return int(self._value)

    def __index__(self) -> int:
        if not self.dtype.is_integer:
            raise TypeError(f"Only integer tensors can be used as indices, not {self.dtype!r}")
        return int(self._value)

    def __complex__(self) -> complex:
        return complex(self._value)

    def __format__(self, spec: str) -> str:
        if self._value.ndim == 0:
            return format(self._value.item() if self.dtype is dtypes.bfloat16 else self.numpy(), spec)
        return format(str(self), spec)

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

    __slots__ = ()

    def __init__(self, value):
        self._value = value


def _eager_from_numpy(value):
    return EagerTensor(value)


def numpy_text(value, is_repr: bool) -> str:
    """NumPy's text for a value, as TF prints it: a newline first when it spans several lines."""
    value = backend.to_numpy(value)
    if value.ndim == 0:
        item = value.item() if isinstance(value, np.ndarray) or value.dtype.kind in "OSU" else value
        text = repr(value.item()) if is_repr else str(item)
    else:
        text = repr(value) if is_repr else str(value)
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
# Conversion of Python values, NumPy arrays and variables into tensors.

def is_tensor_like(value) -> bool:
    return isinstance(value, TensorOperators)


def to_array(value, dtype: dtypes.DType | None = None, hint: dtypes.DType | None = None):
    """A backend array for a Python value or array, with TF's dtype rules.

    With ``dtype`` the value must convert to it (TF's ``TypeError`` otherwise); with only
    ``hint``, the hint is used when the value converts to it and ignored otherwise.
    """
    if isinstance(value, (np.ndarray, np.generic)) or backend.is_array(value):
        current = dtypes.from_numpy(value.dtype) if value.dtype.kind not in "OSU" else dtypes.string
        target = dtype or (hint if hint is not None and _array_converts(current, hint) else None)
        if target is None or target is current:
            return _string_array(value) if current is dtypes.string else value
        if target is dtypes.string or current is dtypes.string:
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {target.name}")
        return value.astype(target.numpy_dtype)
    if isinstance(value, (list, tuple)) and any(isinstance(v, TensorOperators) for v in _leaves(value)):
        return _stack_tensor_list(value, dtype or hint)
    natural = dtypes.python_value_dtype(value)
    target = dtype or (hint if hint is not None and _python_converts(value, natural, hint) else natural)
    if target is dtypes.string:
        return _string_array(np.array(value, dtype=object))
    if target is not natural and not _python_converts(value, natural, target):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {target.name}")
    try:
        return np.asarray(value, dtype=target.numpy_dtype)
    except (ValueError, OverflowError) as e:
        raise ValueError(f"Can't convert Python value {value!r} to a tensor: {e}") from None


def _array_converts(current: dtypes.DType, target: dtypes.DType) -> bool:
    """Whether TF converts a NumPy array of ``current`` dtype to ``target`` when hinted."""
    if current is target:
        return True
    if target.is_bool or current.is_bool or target is dtypes.string or current is dtypes.string:
        return False
    if target.is_integer and not current.is_integer:
        return False
    return not (current.is_complex and not target.is_complex)


def _python_converts(value, natural: dtypes.DType, target: dtypes.DType) -> bool:
    """Whether a Python value of natural dtype converts to ``target`` without losing meaning."""
    if natural is target:
        return True
    if target is dtypes.string or natural is dtypes.string:
        return False
    if target.is_bool:
        return False
    if natural.is_complex and not target.is_complex:
        return False
    if target.is_integer:
        if natural.is_floating:
            arr = np.asarray(value, dtype=np.float64)
            if not np.all(np.mod(arr, 1) == 0):
                return False
        info = np.iinfo(target.numpy_dtype)
        arr = np.asarray(value, dtype=object if natural.is_integer else np.float64)
        return bool(np.all((arr >= info.min) & (arr <= info.max))) if arr.size else True
    return True


def _leaves(value):
    for v in value:
        if isinstance(v, (list, tuple)):
            yield from _leaves(v)
        else:
            yield v


def _stack_tensor_list(value, dtype):
    """``tf.constant([t1, t2])``: a nested list that holds tensors is packed."""
    arrays = [to_array(v._value if isinstance(v, TensorOperators) and v._value is not None else v, dtype)
              if not isinstance(v, (list, tuple)) else _stack_tensor_list(v, dtype) for v in value]
    return np.stack([np.asarray(a) for a in arrays]) if arrays else np.zeros((0,), np.float32)


def _string_array(value):
    """String tensors hold ``bytes`` objects, as TF's ``numpy()`` returns them."""
    arr = np.asarray(value, dtype=object)
    flat = [v.encode() if isinstance(v, str) else bytes(v) if not isinstance(v, bytes) else v for v in arr.ravel()]
    out = np.empty(arr.shape, dtype=object)
    out.ravel()[:] = flat
    return out


def _tf_name(dtype: dtypes.DType) -> str:
    """TF's C++ names in dtype error messages (``float`` for float32, ``double`` for float64)."""
    return {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)


def _binary(prim_name, x, y, node_name):
    """A binary operator: converts the other operand to this tensor's dtype and runs ``prim_name``."""
    prim = primitive.REGISTRY[prim_name]
    if type(x) is EagerTensor and type(y) is EagerTensor and x._value.dtype == y._value.dtype:
        return prim(x, y, name=node_name)
    # The operand that is not a tensor converts to the tensor's dtype (arrays too, as TF does).
    if not isinstance(y, TensorOperators):
        y = primitive.as_input(y, hint=x.dtype, cast_arrays=True)
    elif not isinstance(x, TensorOperators):
        x = primitive.as_input(x, hint=y.dtype, cast_arrays=True)
    x, y = primitive.match_dtypes((x, y), prim.name)
    return prim(x, y, name=node_name)


def _bitwise_or_logical(x, which: str) -> str:
    return "Logical" + which if x.dtype is dtypes.bool else "Bitwise" + which


def graph_mode_bool_error(what: str) -> OperatorNotAllowedInGraphError:
    return OperatorNotAllowedInGraphError(
        f"{what} a symbolic `tf.Tensor` is not allowed. Python control flow cannot depend on a "
        "tensor's value while tracing: use `tf.cond`, `tf.while_loop` or `tf.switch_case` instead.")


from . import primitive  # noqa: E402  (circular by design: the dispatcher builds on these classes)
