"""Reductions (sum, mean, max, min, prod, all, any, argmax …) and cumulative sums/products."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import NOT_DIFFERENTIABLE, as_input, declare, primitive
from ..framework.tape import BROADCAST_LIKE, stop_gradient
from . import array as array_ops
from . import math as math_ops
from . import shapes
from .math import FLOAT_COMPLEX, FLOATS, NUMERIC, REAL


def _reduce_infer(x, *, axis, keepdims):
    return shapes.reduced(x._shape_tuple(), axis, keepdims), x.dtype


def _declare_reduction(name, kernel, gradient, allowed, infer=_reduce_infer):
    return declare(name, kernel, infer, gradient, allowed=allowed)


def _keep(g, op):
    """The output gradient with the reduced axes restored as size-1 dimensions."""
    if op.attrs["keepdims"]:
        return g
    for a in op.attrs["axis"]:
        g = array_ops.expand_dims(g, a)
    return g


def _sum_grad(op, g):
    return BROADCAST_LIKE(_keep(g, op), op.inputs[0])


def _mean_grad(op, g):
    x, y = op.inputs[0], op.outputs[0]
    count = _count(x, y)
    return BROADCAST_LIKE(_keep(g, op), x) / math_ops.cast(count, g.dtype)


def _count(x, y):
    """How many elements each output of a reduction summarises (static when shapes are known)."""
    nx, ny = shapes.num_elements(x._shape_tuple()), shapes.num_elements(y._shape_tuple())
    if nx is not None and ny is not None:
        return max(nx // max(ny, 1), 1)
    return math_ops.maximum(array_ops.size(x) // math_ops.maximum(array_ops.size(y), 1), 1)


def _min_max_grad(op, g):
    x, y = op.inputs[0], op.outputs[0]
    y = BROADCAST_LIKE(_keep(y, op), x)
    indicators = math_ops.cast(math_ops.equal(y, x), g.dtype)
    selected = BROADCAST_LIKE(SUM(indicators, axis=op.attrs["axis"], keepdims=True), x)
    return indicators / selected * BROADCAST_LIKE(_keep(g, op), x)


def _prod_grad(op, g):
    """Product of all other elements, by exclusive cumulative products from both sides (as TF)."""
    x = op.inputs[0]
    axes = op.attrs["axis"]
    shape = x._shape_tuple()
    perm = list(axes) + [a for a in range(len(shape)) if a not in axes]
    moved = array_ops.transpose(x, perm)
    if any(shape[a] is None for a in axes):
        raise NotImplementedError("The gradient of reduce_prod needs the reduced dimensions to be known.")
    flat = array_ops.reshape(moved, [int(np.prod([shape[a] for a in axes], dtype=np.int64)), -1])
    left = cumprod(flat, axis=0, exclusive=True)
    right = cumprod(flat, axis=0, exclusive=True, reverse=True)
    others = array_ops.reshape(left * right, array_ops.shape(moved))
    return array_ops.transpose(others, np.argsort(perm).tolist()) * BROADCAST_LIKE(_keep(g, op), x)


def _sum_kernel(x, *, axis, keepdims):
    return np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _mean_kernel(x, *, axis, keepdims):
    if x.dtype.kind in "iu":  # TF's integer mean truncates toward zero
        n = max(int(np.prod([x.shape[a] for a in axis])), 1)
        return np.trunc(np.sum(x, axis=axis, keepdims=keepdims, dtype=np.float64) / n).astype(x.dtype)
    if any(x.shape[a] == 0 for a in axis):  # an empty mean is NaN, silently, as in TF
        return np.full(shapes.reduced(x.shape, axis, keepdims), np.nan, x.dtype)
    return np.mean(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _extreme(kernel):
    def run(x, *, axis, keepdims):
        if x.size == 0 and any(x.shape[a] == 0 for a in axis):  # TF: -inf/+inf (or the dtype's limit)
            fill = _identity_of(kernel, x.dtype)
            return np.full(shapes.reduced(x.shape, axis, keepdims), fill, x.dtype)
        return kernel(x, axis=axis, keepdims=keepdims)

    return run


def _identity_of(kernel, dtype):
    if dtype.kind == "f":
        return -np.inf if kernel is np.max else np.inf
    info = np.iinfo(dtype)
    return info.min if kernel is np.max else info.max


SUM = _declare_reduction("Sum", _sum_kernel, _sum_grad, NUMERIC)
MEAN = _declare_reduction("Mean", _mean_kernel, _mean_grad, NUMERIC)
MAX = _declare_reduction("Max", _extreme(np.max), _min_max_grad, REAL)
MIN = _declare_reduction("Min", _extreme(np.min), _min_max_grad, REAL)
PROD = _declare_reduction("Prod", lambda x, *, axis, keepdims: np.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype),
                          _prod_grad, NUMERIC)
ALL = _declare_reduction("All", lambda x, *, axis, keepdims: np.all(x, axis=axis, keepdims=keepdims),
                         NOT_DIFFERENTIABLE, (dtypes.bool,))
ANY = _declare_reduction("Any", lambda x, *, axis, keepdims: np.any(x, axis=axis, keepdims=keepdims),
                         NOT_DIFFERENTIABLE, (dtypes.bool,))


def _arg_infer(x, *, axis, output_type):
    shape = x._shape_tuple()
    return tuple(d for i, d in enumerate(shape) if i != axis), output_type


def _arg_kernel(kernel, skip_nan):
    def run(x, *, axis, output_type):
        if x.shape[axis] == 0:
            raise ValueError(f"Reduction axis {axis} is empty in shape {list(x.shape)}")
        if x.dtype.kind == "f":  # TF's kernel never picks a NaN (its comparisons with NaN are false)
            x = np.where(np.isnan(x), skip_nan, x)
        return kernel(x, axis=axis).astype(output_type.numpy_dtype)

    return run


ARG_MAX = declare("ArgMax", _arg_kernel(np.argmax, -np.inf), _arg_infer, NOT_DIFFERENTIABLE,
                  allowed=REAL + (dtypes.bool,))
ARG_MIN = declare("ArgMin", _arg_kernel(np.argmin, np.inf), _arg_infer, NOT_DIFFERENTIABLE,
                  allowed=REAL + (dtypes.bool,))


def _cum_infer(x, *, axis, exclusive, reverse):
    return x._shape_tuple(), x.dtype


def _cumulative(kernel, identity):
    def run(x, *, axis, exclusive, reverse):
        if reverse:
            x = np.flip(x, axis)
        out = kernel(x, axis=axis, dtype=x.dtype)
        if exclusive:  # shift by one along the axis, starting from the identity
            out = np.concatenate([np.full_like(np.take(out, [0], axis=axis), identity),
                                  np.take(out, np.arange(out.shape[axis] - 1), axis=axis)], axis=axis)
        return np.flip(out, axis) if reverse else out

    return run


@primitive("Cumsum", _cum_infer, allowed=NUMERIC)
def CUMSUM(x, *, axis, exclusive, reverse):
    return _cumulative(np.cumsum, 0)(x, axis=axis, exclusive=exclusive, reverse=reverse)


@CUMSUM.defgrad
def _cumsum_grad(op, g):
    a = op.attrs
    return cumsum(g, a["axis"], exclusive=a["exclusive"], reverse=not a["reverse"])


@primitive("Cumprod", _cum_infer, allowed=NUMERIC)
def CUMPROD(x, *, axis, exclusive, reverse):
    return _cumulative(np.cumprod, 1)(x, axis=axis, exclusive=exclusive, reverse=reverse)


@CUMPROD.defgrad
def _cumprod_grad(op, g):
    a = op.attrs
    x, prod = op.inputs[0], op.outputs[0]
    return cumsum(prod * g, a["axis"], exclusive=a["exclusive"], reverse=not a["reverse"]) / x


# ---------------------------------------------------------------------------------------------
# Public functions.

def _axis(axis):
    """Axes as Python ints (a tensor axis is read in eager mode)."""
    if axis is None:
        return None
    if hasattr(axis, "_value"):
        if axis._value is None:
            raise TypeError("A symbolic `axis` is not supported; pass Python integers.")
        axis = np.asarray(axis._value).tolist()
    elif isinstance(axis, np.ndarray):
        axis = axis.tolist()
    return axis if isinstance(axis, int) else tuple(int(a) for a in axis)


def _reduce(prim, input_tensor, axis, keepdims, name):
    x = as_input(input_tensor)
    axes = shapes.normalize_axis(_axis(axis), len(x._shape_tuple()), prim.name)
    return prim(x, axis=axes, keepdims=bool(keepdims), name=name)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum over ``axis`` (all axes when None).

    >>> import tensorflux as tf
    >>> tf.reduce_sum(tf.ones((2, 3)), axis=1).numpy()
    array([3., 3.], dtype=float32)
    """
    return _reduce(SUM, input_tensor, axis, keepdims, name)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean over ``axis``; integer means truncate, as in TF.

    >>> import tensorflux as tf
    >>> float(tf.reduce_mean([1.0, 2.0]))
    1.5
    """
    return _reduce(MEAN, input_tensor, axis, keepdims, name)


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """Maximum over ``axis``."""
    return _reduce(MAX, input_tensor, axis, keepdims, name)


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """Minimum over ``axis``."""
    return _reduce(MIN, input_tensor, axis, keepdims, name)


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    """Product over ``axis``."""
    return _reduce(PROD, input_tensor, axis, keepdims, name)


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    """Logical AND over ``axis``.

    >>> import tensorflux as tf
    >>> tf.reduce_all([[True, False]], axis=1).numpy()
    array([False])
    """
    return _reduce(ALL, math_ops.require_bool(as_input(input_tensor), "All"), axis, keepdims, name)


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """Logical OR over ``axis``."""
    return _reduce(ANY, math_ops.require_bool(as_input(input_tensor), "Any"), axis, keepdims, name)


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """log(sum(exp(x))) computed stably, as TF composes it.

    >>> import tensorflux as tf
    >>> round(float(tf.reduce_logsumexp([0.0, 0.0])), 4)
    0.6931
    """
    x = as_input(input_tensor)
    m = reduce_max(stop_gradient(x), axis, keepdims=True)
    m = math_ops.where(math_ops.is_finite(m), m, math_ops.zeros_like(m))
    result = math_ops.log(reduce_sum(math_ops.exp(x - m), axis, keepdims=True)) + m
    return result if keepdims else array_ops.squeeze(result, _squeezed_axes(axis, len(x._shape_tuple())))


def _squeezed_axes(axis, rank):
    return list(shapes.normalize_axis(_axis(axis), rank))


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Population variance over ``axis`` (real for complex input; integers are refused, as in TF).

    >>> import tensorflux as tf
    >>> float(tf.math.reduce_variance([1.0, 3.0]))
    1.0
    """
    x = as_input(input_tensor)
    if x.dtype.is_integer:
        raise TypeError(f"Input must be either real or complex. Received integer type <dtype: '{x.dtype.name}'>.")
    mean = reduce_mean(x, axis, keepdims=True)
    deviation = x - mean
    squared = math_ops.square(math_ops.abs(deviation)) if x.dtype.is_complex else math_ops.square(deviation)
    return reduce_mean(squared, axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Population standard deviation over ``axis``."""
    return math_ops.sqrt(reduce_variance(input_tensor, axis, keepdims))


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(x²)) over ``axis`` (truncated for integers, as TF's EuclideanNorm)."""
    x = as_input(input_tensor)
    if x.dtype.is_integer:
        squares = reduce_sum(math_ops.square(math_ops.cast(x, dtypes.float64)), axis, keepdims)
        return math_ops.cast(math_ops.sqrt(squares), x.dtype)
    return math_ops.sqrt(reduce_sum(math_ops.square(x), axis, keepdims))


def count_nonzero(input, axis=None, keepdims=False, dtype=dtypes.int64, name=None):
    """How many elements are not zero."""
    x = as_input(input)
    nonzero = math_ops.cast(math_ops.not_equal(x, math_ops.zeros_like(x)), dtypes.int64)
    return math_ops.cast(reduce_sum(nonzero, axis, keepdims), dtype)


def _arg(prim, input, axis, output_type, name):
    x = as_input(input)
    rank = len(x._shape_tuple())
    axis = 0 if axis is None else _axis(axis)
    if not -rank <= axis < max(rank, 1):
        raise InvalidArgumentError(f"Expected dimension in the range [{-rank}, {rank}), but got {axis} [Op:{prim.name}]")
    return prim(x, axis=axis % max(rank, 1), output_type=dtypes.as_dtype(output_type), name=name)


def argmax(input, axis=None, output_type=dtypes.int64, name=None):
    """Index of the largest value along ``axis`` (0 when None), as int64.

    >>> import tensorflux as tf
    >>> int(tf.argmax([1.0, 3.0, 2.0]))
    1
    """
    return _arg(ARG_MAX, input, axis, output_type, name)


def argmin(input, axis=None, output_type=dtypes.int64, name=None):
    """Index of the smallest value along ``axis`` (0 when None)."""
    return _arg(ARG_MIN, input, axis, output_type, name)


def _cum(prim, x, axis, exclusive, reverse, name):
    x = as_input(x)
    rank = len(x._shape_tuple())
    axis = _axis(axis)
    if not -rank <= axis < rank:
        raise InvalidArgumentError(f"ScanOp: Expected scan axis in the range [{-rank}, {rank}), but got {axis} "
                                   f"[Op:{prim.name}]")
    return prim(x, axis=axis % rank, exclusive=bool(exclusive), reverse=bool(reverse), name=name)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along ``axis``.

    >>> import tensorflux as tf
    >>> tf.math.cumsum([1, 2, 3]).numpy()
    array([1, 3, 6], dtype=int32)
    """
    return _cum(CUMSUM, x, axis, exclusive, reverse, name)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along ``axis``."""
    return _cum(CUMPROD, x, axis, exclusive, reverse, name)


__all__ = [
    "FLOATS",
    "FLOAT_COMPLEX",
    "argmax",
    "argmin",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "reduce_all",
    "reduce_any",
    "reduce_euclidean_norm",
    "reduce_logsumexp",
    "reduce_max",
    "reduce_mean",
    "reduce_min",
    "reduce_prod",
    "reduce_std",
    "reduce_sum",
    "reduce_variance",
]
