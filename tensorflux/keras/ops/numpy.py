"""``keras.ops`` NumPy-like functions, each mapped onto tensorflux ops (NumPy's argument names)."""

from __future__ import annotations

import builtins
import itertools

import numpy as np

import tensorflux as tf

from ..utils.dtype_utils import standardize_dtype
from .core import convert_to_tensor
from .operation import keras_op


def _t(x):
    return x if tf.is_tensor(x) else tf.convert_to_tensor(x)


def _pair(x1, x2):
    """Two operands of one dtype: a Python number takes the other's dtype; tensors promote as NumPy does."""
    scalar1, scalar2 = isinstance(x1, (int, float)), isinstance(x2, (int, float))
    x1 = x1 if scalar1 or tf.is_tensor(x1) else tf.convert_to_tensor(x1)
    x2 = x2 if scalar2 or tf.is_tensor(x2) else tf.convert_to_tensor(x2)
    if scalar1 and scalar2:
        return tf.convert_to_tensor(x1), tf.convert_to_tensor(x2)
    if scalar2:
        return x1, tf.cast(x2, x1.dtype)
    if scalar1:
        return tf.cast(x1, x2.dtype), x2
    if x1.dtype != x2.dtype:
        common = np.result_type(x1.dtype.numpy_dtype, x2.dtype.numpy_dtype)
        return tf.cast(x1, common.name), tf.cast(x2, common.name)
    return x1, x2


def _binary(tf_fn, name):
    def op(x1, x2):
        return tf_fn(*_pair(x1, x2))

    return keras_op(_named(op, name))


def _named(fn, name):
    fn.__name__ = fn.__qualname__ = name
    return fn


def _unary(tf_fn, name, floating=False):
    def op(x):
        x = _t(x)
        if floating and not x.dtype.is_floating:
            x = tf.cast(x, "float32")
        return tf_fn(x)

    return keras_op(_named(op, name))


add = _binary(tf.add, "add")
subtract = _binary(tf.subtract, "subtract")
multiply = _binary(tf.multiply, "multiply")
divide = _binary(lambda a, b: tf.math.truediv(a, b), "divide")
true_divide = _binary(lambda a, b: tf.math.truediv(a, b), "true_divide")
floor_divide = _binary(tf.math.floordiv, "floor_divide")
mod = _binary(tf.math.floormod, "mod")
power = _binary(tf.pow, "power")
maximum = _binary(tf.maximum, "maximum")
minimum = _binary(tf.minimum, "minimum")
equal = _binary(tf.equal, "equal")
not_equal = _binary(tf.not_equal, "not_equal")
greater = _binary(tf.greater, "greater")
greater_equal = _binary(tf.greater_equal, "greater_equal")
less = _binary(tf.less, "less")
less_equal = _binary(tf.less_equal, "less_equal")
logical_and = _binary(tf.logical_and, "logical_and")
logical_or = _binary(tf.logical_or, "logical_or")
logical_xor = _binary(tf.math.logical_xor, "logical_xor")
arctan2 = _binary(tf.math.atan2, "arctan2")
divide_no_nan = _binary(tf.math.divide_no_nan, "divide_no_nan")

abs = absolute = _unary(tf.abs, "absolute")
negative = _unary(tf.negative, "negative")
sign = _unary(tf.sign, "sign")
square = _unary(tf.square, "square")
sqrt = _unary(tf.sqrt, "sqrt", floating=True)
exp = _unary(tf.exp, "exp", floating=True)
expm1 = _unary(tf.math.expm1, "expm1", floating=True)
log = _unary(tf.math.log, "log", floating=True)
log1p = _unary(tf.math.log1p, "log1p", floating=True)
sin = _unary(tf.sin, "sin", floating=True)
cos = _unary(tf.cos, "cos", floating=True)
tan = _unary(tf.tan, "tan", floating=True)
arcsin = _unary(tf.asin, "arcsin", floating=True)
arccos = _unary(tf.acos, "arccos", floating=True)
arctan = _unary(tf.atan, "arctan", floating=True)
sinh = _unary(tf.sinh, "sinh", floating=True)
cosh = _unary(tf.cosh, "cosh", floating=True)
tanh = _unary(tf.tanh, "tanh", floating=True)
arcsinh = _unary(tf.asinh, "arcsinh", floating=True)
arccosh = _unary(tf.acosh, "arccosh", floating=True)
arctanh = _unary(tf.atanh, "arctanh", floating=True)
floor = _unary(tf.floor, "floor")
ceil = _unary(tf.math.ceil, "ceil")
round = _unary(tf.round, "round")
reciprocal = _unary(tf.math.reciprocal, "reciprocal", floating=True)
logical_not = _unary(tf.logical_not, "logical_not")
isnan = _unary(tf.math.is_nan, "isnan")
isinf = _unary(tf.math.is_inf, "isinf")
isfinite = _unary(tf.math.is_finite, "isfinite")
erf = _unary(tf.math.erf, "erf", floating=True)
rsqrt = _unary(tf.math.rsqrt, "rsqrt", floating=True)


def _axis(axis):
    return list(axis) if isinstance(axis, tuple) else axis


@keras_op
def sum(x, axis=None, keepdims=False):
    return tf.reduce_sum(_t(x), axis=_axis(axis), keepdims=keepdims)


@keras_op
def mean(x, axis=None, keepdims=False):
    x = _t(x)
    if not x.dtype.is_floating:
        x = tf.cast(x, "float32")
    return tf.reduce_mean(x, axis=_axis(axis), keepdims=keepdims)


@keras_op
def max(x, axis=None, keepdims=False, initial=None):
    out = tf.reduce_max(_t(x), axis=_axis(axis), keepdims=keepdims)
    return out if initial is None else tf.maximum(out, tf.cast(initial, out.dtype))


@keras_op
def min(x, axis=None, keepdims=False, initial=None):
    out = tf.reduce_min(_t(x), axis=_axis(axis), keepdims=keepdims)
    return out if initial is None else tf.minimum(out, tf.cast(initial, out.dtype))


amax, amin = max, min


@keras_op
def prod(x, axis=None, keepdims=False, dtype=None):
    x = _t(x) if dtype is None else tf.cast(_t(x), standardize_dtype(dtype))
    return tf.reduce_prod(x, axis=_axis(axis), keepdims=keepdims)


@keras_op
def var(x, axis=None, keepdims=False):
    return tf.math.reduce_variance(tf.cast(_t(x), "float32") if not _t(x).dtype.is_floating else _t(x),
                                   axis=_axis(axis), keepdims=keepdims)


@keras_op
def std(x, axis=None, keepdims=False):
    return tf.sqrt(var(x, axis=axis, keepdims=keepdims))


@keras_op
def any(x, axis=None, keepdims=False):
    return tf.reduce_any(tf.cast(_t(x), "bool"), axis=_axis(axis), keepdims=keepdims)


@keras_op
def all(x, axis=None, keepdims=False):
    return tf.reduce_all(tf.cast(_t(x), "bool"), axis=_axis(axis), keepdims=keepdims)


@keras_op
def argmax(x, axis=None, keepdims=False):
    x = _t(x)
    out = tf.argmax(tf.reshape(x, [-1]) if axis is None else x, axis=0 if axis is None else axis,
                    output_type=tf.int32)
    if keepdims:
        out = tf.reshape(out, [1] * x.shape.rank) if axis is None else tf.expand_dims(out, axis)
    return out


@keras_op
def argmin(x, axis=None, keepdims=False):
    return argmax(-_t(x), axis=axis, keepdims=keepdims)


@keras_op
def cumsum(x, axis=None, dtype=None):
    x = _t(x) if dtype is None else tf.cast(_t(x), standardize_dtype(dtype))
    return tf.cumsum(tf.reshape(x, [-1]) if axis is None else x, axis=0 if axis is None else axis)


@keras_op
def cumprod(x, axis=None, dtype=None):
    x = _t(x) if dtype is None else tf.cast(_t(x), standardize_dtype(dtype))
    return tf.math.cumprod(tf.reshape(x, [-1]) if axis is None else x, axis=0 if axis is None else axis)


@keras_op
def clip(x, x_min, x_max):
    x = _t(x)
    return tf.clip_by_value(x, tf.cast(x_min, x.dtype), tf.cast(x_max, x.dtype))


@keras_op
def where(condition, x1=None, x2=None):
    if x1 is None and x2 is None:
        return tuple(tf.unstack(tf.cast(tf.where(condition), "int32"), axis=1))
    x1, x2 = _pair(x1, x2)
    return tf.where(tf.cast(_t(condition), "bool"), x1, x2)


@keras_op
def matmul(x1, x2):
    return tf.matmul(*_pair(x1, x2))


@keras_op
def dot(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.shape.rank == 0 or x2.shape.rank == 0:
        return x1 * x2
    if x2.shape.rank == 1:
        return tf.tensordot(x1, x2, axes=[[x1.shape.rank - 1], [0]])
    return tf.tensordot(x1, x2, axes=[[x1.shape.rank - 1], [x2.shape.rank - 2]])


@keras_op
def tensordot(x1, x2, axes=2):
    return tf.tensordot(*_pair(x1, x2), axes)


@keras_op
def outer(x1, x2):
    x1, x2 = _pair(x1, x2)
    return tf.reshape(x1, [-1, 1]) * tf.reshape(x2, [1, -1])


def einsum(subscripts, *operands):
    return tf.einsum(subscripts, *operands)


@keras_op
def reshape(x, newshape):
    return tf.reshape(x, newshape)


@keras_op
def transpose(x, axes=None):
    return tf.transpose(x, axes)


@keras_op
def expand_dims(x, axis):
    for a in sorted(axis) if isinstance(axis, (list, tuple)) else [axis]:
        x = tf.expand_dims(x, a)
    return x


@keras_op
def squeeze(x, axis=None):
    return tf.squeeze(x, axis)


@keras_op
def ravel(x):
    return tf.reshape(x, [-1])


@keras_op
def flip(x, axis=None):
    x = _t(x)
    axes = list(range(x.shape.rank)) if axis is None else ([axis] if isinstance(axis, int) else list(axis))
    return tf.reverse(x, axes)


@keras_op
def swapaxes(x, axis1, axis2):
    perm = list(range(_t(x).shape.rank))
    perm[axis1], perm[axis2] = perm[axis2], perm[axis1]
    return tf.transpose(x, perm)


@keras_op
def moveaxis(x, source, destination):
    rank = _t(x).shape.rank
    perm = [i for i in range(rank) if i != source % rank]
    perm.insert(destination % rank, source % rank)
    return tf.transpose(x, perm)


def concatenate(xs, axis=0):
    return keras_op(_named(lambda *values: tf.concat(list(values), axis=axis), "concatenate"))(*xs)


def stack(x, axis=0):
    return keras_op(_named(lambda *values: tf.stack(list(values), axis=axis), "stack"))(*x)


def unstack(x, num=None, axis=0):
    return tf.unstack(x, num=num, axis=axis)


def split(x, indices_or_sections, axis=0):
    """NumPy's split: a number of equal sections, or the indices where to cut."""
    if isinstance(indices_or_sections, int):
        return tf.split(x, indices_or_sections, axis=axis)
    size = _t(x).shape[axis]
    bounds = [0, *indices_or_sections, size]
    return tf.split(x, [b - a for a, b in itertools.pairwise(bounds)], axis=axis)


@keras_op
def tile(x, repeats):
    x = _t(x)
    repeats = [repeats] if isinstance(repeats, int) else list(repeats)
    while len(repeats) < x.shape.rank:
        repeats.insert(0, 1)
    return tf.tile(x, repeats)


@keras_op
def repeat(x, repeats, axis=None):
    from ..utils.tensor_utils import repeat as repeat_along

    x = _t(x)
    if axis is None:
        return repeat_along(tf.reshape(x, [-1]), repeats, 0)
    return repeat_along(x, repeats, axis)


@keras_op
def take(x, indices, axis=None):
    x = _t(x)
    if axis is None:
        return tf.gather(tf.reshape(x, [-1]), indices)
    return tf.gather(x, indices, axis=axis)


@keras_op
def take_along_axis(x, indices, axis=None):
    x, indices = _t(x), tf.cast(_t(indices), "int32")
    if axis is None:
        return tf.gather(tf.reshape(x, [-1]), tf.reshape(indices, [-1]))
    axis = axis % x.shape.rank
    moved = moveaxis(x, axis, -1)
    moved_indices = moveaxis(indices, axis, -1)
    gathered = tf.gather(moved, moved_indices, batch_dims=x.shape.rank - 1, axis=-1)
    return moveaxis(gathered, -1, axis)


@keras_op
def pad(x, pad_width, mode="constant", constant_values=None):
    kwargs = {} if constant_values is None else {"constant_values": constant_values}
    return tf.pad(x, [list(p) for p in pad_width], mode=mode.upper(), **kwargs)


@keras_op
def sort(x, axis=-1):
    return tf.sort(x, axis=axis)


@keras_op
def argsort(x, axis=-1):
    return tf.argsort(x, axis=axis)


@keras_op
def broadcast_to(x, shape):
    return tf.broadcast_to(x, shape)


@keras_op
def logsumexp(x, axis=None, keepdims=False):
    return tf.reduce_logsumexp(x, axis=_axis(axis), keepdims=keepdims)


@keras_op
def count_nonzero(x, axis=None):
    return tf.math.count_nonzero(x, axis=axis)


@keras_op
def trace(x, offset=0, axis1=0, axis2=1):
    if offset:
        raise NotImplementedError("keras.ops.trace(offset != 0) is not implemented by tensorflux.")
    x = _t(x)
    rank = x.shape.rank
    rest = [i for i in range(rank) if i not in (axis1 % rank, axis2 % rank)]
    return tf.linalg.trace(tf.transpose(x, rest + [axis1 % rank, axis2 % rank]))


@keras_op
def norm(x, ord=None, axis=None, keepdims=False):
    x = _t(x)
    if not x.dtype.is_floating:
        x = tf.cast(x, "float32")
    if ord is None or ord == "fro" or ord == 2 and (axis is None or isinstance(axis, int)):
        return tf.sqrt(tf.reduce_sum(tf.square(x), axis=_axis(axis), keepdims=keepdims))
    if ord == 1:
        return tf.reduce_sum(tf.abs(x), axis=_axis(axis), keepdims=keepdims)
    if ord in (np.inf, "inf"):
        return tf.reduce_max(tf.abs(x), axis=_axis(axis), keepdims=keepdims)
    raise NotImplementedError(f"keras.ops.norm(ord={ord!r}) is not implemented by tensorflux.")


def zeros(shape, dtype=None):
    return tf.zeros(shape, dtype=standardize_dtype(dtype))


def ones(shape, dtype=None):
    return tf.ones(shape, dtype=standardize_dtype(dtype))


def full(shape, fill_value, dtype=None):
    return tf.cast(tf.fill(shape, fill_value), standardize_dtype(dtype))


@keras_op
def zeros_like(x, dtype=None):
    return tf.zeros_like(x) if dtype is None else tf.zeros(tf.shape(x), dtype=standardize_dtype(dtype))


@keras_op
def ones_like(x, dtype=None):
    return tf.ones_like(x) if dtype is None else tf.ones(tf.shape(x), dtype=standardize_dtype(dtype))


@keras_op
def full_like(x, fill_value, dtype=None):
    return tf.cast(tf.fill(tf.shape(x), fill_value), standardize_dtype(dtype) if dtype else x.dtype)


def eye(N, M=None, k=0, dtype=None):
    if k != 0:
        return tf.constant(np.eye(N, M, k), dtype=standardize_dtype(dtype))
    return tf.eye(N, M, dtype=standardize_dtype(dtype))


identity = _named(lambda n, dtype=None: eye(n, dtype=dtype), "identity")


def arange(start, stop=None, step=1, dtype=None):
    if stop is None:
        start, stop = 0, start
    if dtype is None:
        dtype = "int32" if builtins.all(isinstance(v, int) for v in (start, stop, step)) else "float32"
    return tf.cast(tf.range(start, stop, step), standardize_dtype(dtype))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    values = np.linspace(start, stop, num, endpoint=endpoint, retstep=retstep, dtype=None, axis=axis)
    out = tf.constant(np.asarray(values[0] if retstep else values), dtype=standardize_dtype(dtype))
    return (out, values[1]) if retstep else out


def ndim(x) -> int:
    return len(_t(x).shape)


def size(x) -> int:
    return int(np.prod(_t(x).shape.as_list()))


def array(x, dtype=None):
    return convert_to_tensor(x, dtype=dtype)


def copy(x):
    return tf.identity(x)


def average(x, axis=None, weights=None):
    if weights is None:
        return mean(x, axis=axis)
    x, weights = _pair(x, weights)
    if axis is not None and weights.shape.rank == 1:
        shape = [1] * x.shape.rank
        shape[axis] = -1
        weights = tf.reshape(weights, shape)
    return sum(x * weights, axis=axis) / sum(weights * tf.ones_like(x), axis=axis)
