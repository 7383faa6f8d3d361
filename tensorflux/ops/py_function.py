"""``tf.py_function`` and ``tf.numpy_function``: a Python function as an op.

Each is a primitive whose forward calls the Python function, so it runs eagerly, inside a
``tf.function`` graph and inside ``Dataset.map`` alike. ``py_function`` hands the function
tensors and converts what it returns to ``Tout`` as ``tf.convert_to_tensor`` would; its gradient
re-runs the function under a tape (another ``py_function``), so gradients flow to its inputs.
``numpy_function`` hands NumPy arrays (copies: the function may change them) and needs the
returned arrays to have exactly the dtypes of ``Tout``, as TF checks in a graph; it has no
gradient. Both are stateful: a graph never drops or folds them. Their output shapes are unknown
until they run.
"""

from __future__ import annotations

import numpy as np

from ..framework import backend, dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import NOT_DIFFERENTIABLE, as_input, convert_to_tensor, declare, init_scope
from ..framework.tensor import EagerTensor, _tf_name


def _as_dtypes(Tout):
    """``Tout`` as a list of dtypes, and whether the op returns one tensor (not a list)."""
    if isinstance(Tout, (list, tuple)):
        return [dtypes.as_dtype(t) for t in Tout], False
    return [dtypes.as_dtype(Tout)], True


def _infer(*inputs, func, Tout, single):
    specs = [(None, dtype) for dtype in Tout]  # shape None: unknown rank, as TF
    return specs[0] if single else specs


def _results(values, count, name):
    """What the function returned, as a list of ``count`` values (a list or tuple holds several)."""
    values = [] if values is None else list(values) if isinstance(values, (list, tuple)) else [values]
    if len(values) != count:
        raise InvalidArgumentError(f"{name} returns {len(values)} values, but expects to see {count} values.")
    return values


def _pack(arrays, single):
    return arrays[0] if single else tuple(arrays)


# ---------------------------------------------------------------------------------------------
# py_function

def _py_forward(*arrays, func, Tout, single):
    with init_scope():  # the function runs eagerly, whatever called the op
        values = func(*[EagerTensor(a) for a in arrays])
        out = []
        for value, dtype in zip(_results(values, len(Tout), "EagerPyFunc"), Tout):
            tensor = convert_to_tensor(value, dtype=dtype)
            out.append(backend.to_numpy(tensor._value))
    return _pack(out, single)


def _py_gradient(op, *grads):
    """The inputs' gradients: the function re-run under a tape, itself a ``py_function``."""
    func, n = op.attrs["func"], len(op.inputs)
    wanted = [i for i, x in enumerate(op.inputs) if x.dtype.is_floating or x.dtype.is_complex]
    if not wanted:
        return [None] * n

    def vector_jacobian_product(*values):
        from ..framework.tape import GradientTape

        xs, upstream = list(values[:n]), list(values[n:])
        with GradientTape() as tape:
            for i in wanted:
                tape.watch(xs[i])
            ys = _results(func(*xs), len(upstream), "EagerPyFunc")
            ys = [convert_to_tensor(y, dtype=g.dtype) for y, g in zip(ys, upstream)]
        found = tape.gradient(ys, [xs[i] for i in wanted], output_gradients=upstream)
        return [g if g is not None else xs[i] * 0 for i, g in zip(wanted, found)]

    ones = [g if g is not None else y * 0 for g, y in zip(grads, op.outputs)]
    found = py_function(vector_jacobian_product, list(op.inputs) + ones, [op.inputs[i].dtype for i in wanted])
    result = [None] * n
    for i, g in zip(wanted, found):
        result[i] = g
    return result


EAGER_PY_FUNC = declare("EagerPyFunc", _py_forward, _infer, _py_gradient, stateful=True)


def py_function(func=None, inp=None, Tout=None, name=None):
    """Wraps a Python function into an op that receives and returns tensors.

    Args:
        func: A Python function of as many tensors as ``inp`` has.
        inp: A list of tensors (or values convertible to tensors).
        Tout: A dtype (one output) or a list of dtypes (a list of outputs).
        name: A name for the op.

    Returns:
        A tensor, or a list of tensors when ``Tout`` is a list.

    >>> import tensorflux as tf
    >>> tf.py_function(lambda x: x * 2, [tf.constant([1.0, 2.0])], tf.float32).numpy()
    array([2., 4.], dtype=float32)
    """
    if func is None:  # used as a decorator: @tf.py_function(Tout=tf.float32)
        return lambda f: lambda *args: py_function(f, list(args), Tout, name)
    out_dtypes, single = _as_dtypes(Tout)
    inputs = [as_input(x) for x in (inp if isinstance(inp, (list, tuple)) else list(inp))]
    result = EAGER_PY_FUNC(*inputs, func=func, Tout=out_dtypes, single=single, name=name or "EagerPyFunc")
    return result if single else list(result)


# ---------------------------------------------------------------------------------------------
# numpy_function

def _numpy_forward(*arrays, func, Tout, single):
    values = func(*[np.array(backend.to_numpy(a)) for a in arrays])
    out = []
    for i, (value, dtype) in enumerate(zip(_results(values, len(Tout), "pyfunc"), Tout)):
        array = np.asarray(value)
        got = dtypes.string if array.dtype.kind in "OSU" else dtypes.from_numpy(array.dtype)
        if got is not dtype:
            raise InvalidArgumentError(f"{i}-th value returned by pyfunc is {_tf_name(got)}, but expects "
                                       f"{_tf_name(dtype)}")
        if got is dtypes.string:
            array = np.vectorize(lambda v: v.encode() if isinstance(v, str) else bytes(v), otypes=[object])(array) \
                if array.size else array.astype(object)
        out.append(array)
    return _pack(out, single)


PY_FUNC = declare("PyFunc", _numpy_forward, _infer, NOT_DIFFERENTIABLE, stateful=True)


def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):
    """Wraps a Python function of NumPy arrays into an op (not differentiable).

    Args:
        func: A Python function of as many NumPy arrays as ``inp`` has, returning arrays of ``Tout``.
        inp: A list of tensors (or values convertible to tensors).
        Tout: A dtype (one output) or a list of dtypes (a list of outputs).
        stateful: Kept for TF's signature; tensorflux never folds or drops the op.
        name: A name for the op.

    >>> import numpy as np, tensorflux as tf
    >>> tf.numpy_function(lambda x: np.sqrt(x), [tf.constant([4.0])], tf.float32).numpy()
    array([2.], dtype=float32)
    """
    if func is None:
        return lambda f: lambda *args: numpy_function(f, list(args), Tout, stateful, name)
    out_dtypes, single = _as_dtypes(Tout)
    inputs = [as_input(x) for x in (inp if isinstance(inp, (list, tuple)) else list(inp))]
    result = PY_FUNC(*inputs, func=func, Tout=out_dtypes, single=single, name=name or "PyFunc")
    return result if single else list(result)
