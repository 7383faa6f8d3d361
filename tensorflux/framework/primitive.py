"""The primitive registry and the single dispatcher every op call goes through.

A primitive is declared once (in ``ops/``): its TF op name, a ``forward`` on raw arrays, a shape
and dtype rule (``infer``) for symbolic inputs, and a gradient written in tensorflux ops. The
dispatcher decides, per call, whether to run eagerly, to also record on the active tapes, or to
add a node to the graph being traced. Its fast path is a flag check, a loop over the inputs'
arrays, one kernel call and one wrapper object.
"""

from __future__ import annotations

import contextlib
import threading

import numpy as np

from . import backend, dtypes
from .errors import InvalidArgumentError
from .tensor import EagerTensor, Tensor, TensorOperators, _array_converts, _tf_name, to_array

REGISTRY: dict[str, Primitive] = {}

NOT_DIFFERENTIABLE = "not differentiable"  # a primitive whose outputs never carry gradients


class Primitive:
    """One op: ``forward(*arrays, **attrs)``, ``infer(*tensors, **attrs)`` and ``gradient(op, *grads)``.

    ``allowed`` lists the dtypes the first input may have (TF's attr ``T``); ``infer`` returns ``(shape, dtype)`` — or a list of them for several outputs — where shape is
    a tuple with ``None`` for unknown dimensions. ``gradient`` receives the recorded op
    (``op.inputs``, ``op.outputs``, ``op.attrs``, ``op.needs``: which inputs want a gradient) and
    one gradient per output, and returns one gradient (or None) per input.
    """

    __slots__ = ("name", "forward", "infer", "gradient", "graph_name", "allowed", "allowed_types", "stateful", "replay")

    def __init__(self, name, forward, infer, gradient=None, graph_name=None, allowed=None, stateful=False):
        self.name = name
        self.stateful = stateful  # has effects beyond its outputs: never removed from a graph
        self.replay = None  # optional replay(*inputs, **attrs): how a traced call re-runs it under a tape
        self.forward = forward
        self.infer = infer
        self.gradient = gradient
        self.graph_name = graph_name or name
        # NumPy dtypes for the dispatcher's one set lookup; bfloat16 is checked on a miss
        # (``_check_dtype``), so that declaring an op does not load ml_dtypes (0.7 s) at import
        self.allowed_types = None if allowed is None else tuple(allowed)
        self.allowed = None if allowed is None else frozenset(d.numpy_dtype for d in allowed if d.name != "bfloat16")

    def __call__(self, *inputs, name=None, **attrs):
        return execute(self, inputs, attrs, name)

    def defgrad(self, fn):
        """Declares the gradient (a decorator): ``fn(op, *output_grads) -> input grads``."""
        self.gradient = fn
        return fn

    def __repr__(self) -> str:
        return f"<primitive {self.name}>"


def declare(name, forward, infer, gradient=None, graph_name=None, allowed=None, stateful=False) -> Primitive:
    """Creates and registers a primitive (each name once)."""
    if name in REGISTRY:
        raise ValueError(f"Primitive {name} is declared twice")
    prim = REGISTRY[name] = Primitive(name, forward, infer, gradient, graph_name, allowed, stateful)
    return prim


def primitive(name, infer, *, gradient=None, graph_name=None, allowed=None, stateful=False):
    """Declares a primitive whose forward is the decorated function (``@prim.defgrad`` adds its gradient)."""
    return lambda forward: declare(name, forward, infer, gradient, graph_name, allowed, stateful)


@contextlib.contextmanager
def init_scope():
    """Runs eagerly inside a trace or a tape (TF's ``init_scope``): how variables get their values."""
    saved = STATE.tapes, STATE.graphs
    STATE.tapes, STATE.graphs = [], []
    STATE.refresh()
    try:
        yield
    finally:
        STATE.tapes, STATE.graphs = saved
        STATE.refresh()


class _State(threading.local):
    """What the dispatcher consults: the recording tapes and the graphs being built.

    Per thread, as in TF: a worker thread (a ``tf.data`` map, a prefetch) never records on the
    main thread's tape nor adds nodes to the graph it is tracing.
    """

    def __init__(self):
        self.active = False  # any tape recording or graph tracing: the one check of the fast path
        self.tapes = []
        self.graphs = []

    def refresh(self):
        self.active = bool(self.tapes or self.graphs)


STATE = _State()


def execute(prim: Primitive, inputs, attrs, name=None):
    """Runs ``prim`` on tensor inputs: eagerly, recorded on tapes, or as a graph node."""
    if STATE.active:
        return _execute_recorded(prim, inputs, attrs, name)
    values = []
    for x in inputs:
        v = x._value
        if v is None:  # a symbolic tensor: build a node in its graph
            return _execute_recorded(prim, inputs, attrs, name)
        values.append(v)
    if prim.allowed is not None and values and values[0].dtype not in prim.allowed:
        _check_dtype(prim, values[0].dtype)
    try:
        out = prim.forward(*values, **attrs)
    except (ValueError, IndexError) as e:
        raise InvalidArgumentError(_failure_message(prim, values, e)) from None
    if type(out) is tuple:
        return tuple([EagerTensor(o) for o in out])
    return EagerTensor(out)


def _execute_recorded(prim, inputs, attrs, name):
    state = STATE  # one thread-local lookup
    graph = state.graphs[-1] if state.graphs else _graph_of(inputs)
    inputs = [read_variable(x) if x._is_variable else x for x in inputs]
    if graph is not None:
        if prim.allowed is not None and inputs and inputs[0].dtype.numpy_dtype not in prim.allowed:
            _check_dtype(prim, inputs[0].dtype.numpy_dtype)
        outputs = graph.add_operation(prim, inputs, attrs, name)
    else:
        values = [x._value for x in inputs]
        if prim.allowed is not None and values and values[0].dtype not in prim.allowed:
            _check_dtype(prim, values[0].dtype)
        try:
            out = prim.forward(*values, **attrs)
        except (ValueError, IndexError) as e:
            raise InvalidArgumentError(_failure_message(prim, values, e)) from None
        outputs = tuple([EagerTensor(o) for o in out]) if type(out) is tuple else EagerTensor(out)
    tapes = state.tapes
    if tapes and prim.gradient is not NOT_DIFFERENTIABLE:
        outs = outputs if type(outputs) is tuple else (outputs,)
        for tape in tapes:
            tape.record(prim, inputs, outs, attrs)
    return outputs


def _graph_of(inputs):
    for x in inputs:
        if x._value is None and not x._is_variable:
            return x.graph
    return None


def _failure_message(prim, values, error) -> str:
    """TF's text for a kernel that refused its inputs; NumPy's broadcasting error gets TF's wording."""
    text = str(error)
    if "broadcast" in text and len(values) >= 2:
        text = "Incompatible shapes: " + " vs. ".join(_shape_text(getattr(v, "shape", ())) for v in values)
    return f"{text} [Op:{prim.name}]"


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _check_dtype(prim, dtype):
    """TF's error for an op called on a dtype its kernel does not support (the first input's, outside ``allowed``)."""
    if dtype.name == "bfloat16" and any(d.name == "bfloat16" for d in prim.allowed_types):
        return
    allowed = ", ".join(sorted(_tf_name(d) for d in prim.allowed_types))
    raise InvalidArgumentError(f"Value for attr 'T' of {_tf_name(dtypes.as_dtype(dtype))} is not in the list of "
                               f"allowed values: {allowed} [Op:{prim.name}]")


# ---------------------------------------------------------------------------------------------
# Variables: reading one inside an op is what the tapes record, and what a graph captures.

def _read_forward(value):
    return value


def _read_infer(x):
    return x._shape_tuple(), x.dtype


def _read_gradient(op, grad):
    return grad


READ_VARIABLE = declare("ReadVariableOp", _read_forward, _read_infer, _read_gradient)


def read_variable(var) -> Tensor:
    """A tensor holding the variable's current value; tapes link it back to the variable."""
    var = var._variable
    if STATE.graphs:
        tensor = STATE.graphs[-1].capture_variable(var)
    else:
        tensor = EagerTensor(var._value)  # copy-on-write in Variable.assign keeps this immutable
    for tape in STATE.tapes:
        tape.record_read(var, tensor)
    return tensor


# ---------------------------------------------------------------------------------------------
# Creating tensors from Python values and arrays.

def constant(array) -> Tensor:
    """A tensor of an array: eager, or a ``Const`` node when a graph is being traced."""
    if STATE.graphs:
        return STATE.graphs[-1].constant(array)
    return EagerTensor(array)


def as_input(value, dtype=None, hint=None, cast_arrays=False):
    """Converts an op argument to a tensor; tensors and variables pass through unchanged.

    ``cast_arrays``: a NumPy array converts to ``hint`` where TF's operators convert it
    (``tf.constant([1.]) + np.array([2.])`` is float32).
    """
    if isinstance(value, TensorOperators):
        return value
    if cast_arrays and hint is not None and isinstance(value, (np.ndarray, np.generic)):
        current = dtypes.as_dtype(value.dtype)
        if _array_converts(current, hint):
            dtype = hint
    return constant(to_array(value, dtype, hint))


def match_dtypes(values, op_name="op"):
    """Converts op arguments to tensors of one dtype: the first tensor or array fixes it.

    Python values convert to that dtype where they can; a tensor of another dtype is TF's
    ``InvalidArgumentError``. With only Python values, the first fixes the dtype and a later one
    that cannot take it is TF's ``TypeError``.
    """
    target = None
    for v in values:
        if isinstance(v, TensorOperators):
            target = v.dtype
            break
        if isinstance(v, (np.ndarray, np.generic)) or backend.is_array(v):
            target = dtypes.as_dtype(v.dtype)
            break
    if target is None and values:  # only Python values: the first one's dtype is imposed on the rest
        first = as_input(values[0])
        target = first.dtype
        out = [first] + [as_input(v, target) for v in values[1:]]
    else:
        out = [as_input(v, None, target) for v in values]
    for i, t in enumerate(out):
        if t.dtype is not target:
            raise InvalidArgumentError(
                f"cannot compute {op_name} as input #{i}(zero-based) was expected to be a {_tf_name(target)} "
                f"tensor but is a {_tf_name(t.dtype)} tensor [Op:{op_name}]")
    return out


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None) -> Tensor:
    """Converts a Python value, NumPy array, tensor or variable to a tensor, as TF does.

    >>> import tensorflux as tf
    >>> tf.convert_to_tensor([1, 2]).dtype
    tf.int32
    """
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if isinstance(value, TensorOperators):
        tensor = read_variable(value) if value._is_variable else value
        if dtype is not None and tensor.dtype is not dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
                             f"{tensor.dtype.name}: {value!r}")
        return tensor
    if hasattr(value, "__tf_tensor__"):
        return value.__tf_tensor__(dtype, name)
    hint = None if dtype_hint is None else dtypes.as_dtype(dtype_hint)
    array = to_array(value, dtype, hint)
    if isinstance(value, np.ndarray) and array is value:
        array = array.copy()  # tensors are immutable: never share the caller's buffer
    return constant(array)
