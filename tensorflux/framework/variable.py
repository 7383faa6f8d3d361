"""Variable: mutable state that tapes watch and optimizers update in place.

Tensors are immutable, yet reading a variable costs no copy: a read shares the variable's
buffer, and an assignment writes in place only when nobody else holds that buffer (its
reference count says so); otherwise it writes a fresh one (copy-on-write).
"""

from __future__ import annotations

import itertools
import sys

import numpy as np

from . import backend, dtypes
from .errors import InvalidArgumentError
from .module import scoped
from .primitive import NOT_DIFFERENTIABLE, STATE, convert_to_tensor, declare, init_scope, read_variable
from .shape import TensorShape
from .tensor import EagerTensor, Tensor, TensorOperators, numpy_text

_SOLE_OWNER = 2  # sys.getrefcount of a buffer held only by the variable (plus the call's argument)


class Variable(TensorOperators):
    """A tensor-valued variable, as ``tf.Variable``.

    >>> import tensorflux as tf
    >>> v = tf.Variable([1.0, 2.0])
    >>> _ = v.assign_add([1.0, 1.0])
    >>> v.numpy()
    array([2., 3.], dtype=float32)
    """

    __slots__ = ("_value", "_name", "_trainable", "_shape", "constraint", "_serial", "__weakref__")
    _is_variable = True
    _created = itertools.count()  # creation order, by which tapes list their watched variables

    def __init__(self, initial_value=None, trainable=None, validate_shape=True, caching_device=None,
                 name=None, variable_def=None, dtype=None, import_scope=None, constraint=None,
                 synchronization=None, aggregation=None, shape=None, experimental_enable_variable_lifting=True):
        if initial_value is None:
            raise ValueError("The `initial_value` arg to `tf.Variable` must be specified except when you are not "
                             "providing a `variable_def`. You provided neither.")
        if STATE.graphs and not getattr(STATE.graphs[-1], "allow_variable_creation", True):
            raise ValueError("tf.function only supports singleton tf.Variables created on the first call. Make sure "
                             "the tf.Variable is only created once or created outside tf.function. See "
                             "https://www.tensorflow.org/guide/function#creating_tfvariables for more information.")
        with init_scope():  # the initial value is computed eagerly, even inside a trace or under a tape
            if callable(initial_value):
                initial_value = initial_value()
            self._value = _owned(_initial_array(initial_value, dtype))
        self._serial = next(Variable._created)
        self._name = scoped("Variable" if name is None else str(name))  # inside tf.name_scope: "block/w"
        self._trainable = True if trainable is None else bool(trainable)
        self._shape = TensorShape.of_array(self._value.shape) if shape is None else TensorShape(shape)
        if not self._shape.is_compatible_with(self._value.shape):
            raise ValueError(f"In this `tf.Variable` creation, the initial value's shape "
                             f"({TensorShape(self._value.shape)}) is not compatible with the explicitly supplied "
                             f"`shape` argument ({self._shape}).")
        self.constraint = constraint

    # --- what it is ----------------------------------------------------------------------------

    @property
    def _variable(self) -> Variable:
        return self

    @property
    def name(self) -> str:
        return f"{self._name}:0"

    @property
    def dtype(self) -> dtypes.DType:
        return dtypes.from_numpy(self._value.dtype)

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape

    def _shape_tuple(self):
        return self._value.shape

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def trainable(self) -> bool:
        return self._trainable

    @property
    def device(self) -> str:
        return backend.device_of(self._value)

    @property
    def initial_value(self):
        raise RuntimeError("initial_value is not kept by tensorflux variables.")

    # --- reading -------------------------------------------------------------------------------

    def value(self):
        """The current value as a tensor (recorded on tapes as a read)."""
        return read_variable(self)

    def read_value(self):
        return read_variable(self)

    # A variable reads as a tensor of its current value (the buffer a later assign copies on write).
    numpy = Tensor.numpy
    __bool__ = Tensor.__bool__
    __float__ = Tensor.__float__
    __int__ = Tensor.__int__
    __index__ = Tensor.__index__
    __complex__ = Tensor.__complex__
    __len__ = Tensor.__len__

    def __array__(self, dtype=None, copy=None):
        """A writable copy, as TF gives (a tensor's array is a read-only view)."""
        return np.array(backend.to_numpy(self._value), dtype=dtype)

    def __iter__(self):
        return iter(self.read_value())

    def __hash__(self):
        raise TypeError(f"Variable is unhashable. Instead, use variable.ref() as the key. (Variable: {self!r})")

    def __getitem__(self, key):
        sliced = super().__getitem__(key)
        if type(sliced) is EagerTensor:  # the very tensor the tapes recorded, now able to assign its slice
            sliced.__class__ = SlicedVariable
            sliced._origin = (self, key)
        return sliced

    def __repr__(self) -> str:
        return _variable_repr(self.name, self)

    def __deepcopy__(self, memo):
        copy = Variable(self.numpy(), trainable=self._trainable)
        copy._name = self._name
        memo[id(self)] = copy
        return copy

    # --- writing -------------------------------------------------------------------------------

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Writes ``value`` into the variable; shapes and dtypes must match."""
        return self._write(value, "assign", read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        return self._write(delta, "add", read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        return self._write(delta, "sub", read_value)

    def _write(self, value, mode, read_value):
        tensor = convert_to_tensor(value, dtype=self.dtype) if not _matches(value, self) else value
        if mode == "assign":
            if not self._shape.is_compatible_with(tensor.shape):
                raise ValueError(f"Cannot assign value to variable ' {self.name}': Shape mismatch.The variable "
                                 f"shape {self._shape}, and the assigned value shape {tensor.shape} are incompatible.")
        elif tensor._shape_tuple() != self._value.shape:
            raise InvalidArgumentError(
                f"Cannot update variable with shape {_shape_text(self._value.shape)} using a Tensor with shape "
                f"{_shape_text(tensor._shape_tuple())}, shapes must be equal. "
                f"[Op:{'AssignAddVariableOp' if mode == 'add' else 'AssignSubVariableOp'}]")
        ASSIGN(tensor, variable=self, mode=mode)
        return UnreadVariable(self) if read_value else None

    def _store(self, array, mode: str):
        """Applies a write to the buffer: in place when the variable owns it, else copy-on-write."""
        current = self._value
        if mode == "assign":
            if current.shape == np.shape(array) and sys.getrefcount(current) <= _SOLE_OWNER + 1:
                current[...] = array
            else:
                self._value = _owned(array)
            return
        op = np.add if mode == "add" else np.subtract
        if sys.getrefcount(current) <= _SOLE_OWNER + 1 and type(current) is np.ndarray:
            op(current, array, out=current)
        else:
            self._value = _owned(op(current, array))


def _initial_array(initial_value, dtype):
    """The array of an initial value; a traced constant expression is evaluated once, here."""
    if getattr(initial_value, "_value", 0) is None and not initial_value._is_variable:
        try:
            array = initial_value.graph.run(initial_value)
        except InvalidArgumentError:
            raise ValueError("A tf.Variable created inside a tf.function cannot be initialized from a value that "
                             "depends on the function's arguments.") from None
        tensor = convert_to_tensor(array, dtype=dtype or initial_value.dtype)
    else:
        tensor = convert_to_tensor(initial_value, dtype=dtype)
    return tensor._value


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _matches(value, var) -> bool:
    return isinstance(value, EagerTensor) and value._value.dtype == var._value.dtype


def _owned(array):
    """A writable array the variable alone owns."""
    xp = backend.get_array_module(array)
    return xp.array(array, copy=True)


def _variable_repr(name, var) -> str:
    text = numpy_text(var._value, True)
    return f"<tf.Variable '{name}' shape={var.shape} dtype={var.dtype.name}, numpy={text}>"


class UnreadVariable(Variable):
    """What ``assign`` returns: the variable itself, printed as TF prints it ('UnreadVariable')."""

    __slots__ = ("_target",)

    def __init__(self, variable: Variable):
        self._target = variable

    @property
    def _variable(self):
        return self._target

    @property
    def _value(self):
        return self._target._value

    def __getattr__(self, name):
        return getattr(self._target, name)

    def __repr__(self) -> str:
        return _variable_repr("UnreadVariable", self._target)

    shape = property(lambda self: self._target.shape)
    trainable = property(lambda self: self._target.trainable)
    name = property(lambda self: self._target.name)

    def _write(self, value, mode, read_value):
        return self._target._write(value, mode, read_value)


class SlicedVariable(EagerTensor):
    """``v[0:2, 0]``: a tensor that also supports ``.assign`` into the variable's slice, as TF."""

    __slots__ = ()

    def assign(self, value, use_locking=None, name=None, read_value=True):
        from .indexing import normalize_key

        var, key = self._origin
        key = normalize_key(key)
        tensor = convert_to_tensor(value, dtype=var.dtype)
        region = var._value[key].shape
        try:
            fits = np.broadcast_shapes(np.shape(tensor._value), region) == region
        except ValueError:
            fits = False
        if not fits:
            raise InvalidArgumentError(f"Cannot broadcast input shape {_shape_text(np.shape(tensor._value))} into "
                                       f"final shape {_shape_text(region)} [Op:ResourceStridedSliceAssign]")
        updated = var._value.copy() if sys.getrefcount(var._value) > _SOLE_OWNER + 1 else var._value
        updated[key] = tensor._value
        var._value = updated
        return UnreadVariable(var) if read_value else None


def _assign_forward(value, *, variable, mode):
    variable._store(value, mode)
    return variable._value


def _assign_infer(value, *, variable, mode):
    return variable._value.shape, variable.dtype


ASSIGN = declare("AssignVariableOp", _assign_forward, _assign_infer, NOT_DIFFERENTIABLE, stateful=True)
