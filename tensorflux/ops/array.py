"""Creating tensors and changing their shape: reshape, transpose, concat, stack, split, tile,
pad, gather, scatter, slicing, sorting, one_hot …"""

from __future__ import annotations

import builtins

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.indexing import sliced_shape
from ..framework.primitive import NOT_DIFFERENTIABLE, as_input, declare, match_dtypes, primitive
from ..framework.primitive import constant as _constant
from ..framework.shape import TensorShape
from ..framework.tape import UNBROADCAST, ZEROS_LIKE
from ..framework.tensor import to_array
from . import math as math_ops
from . import shapes


def _dims(shape) -> str:
    """A shape as TF's kernels print it: ``[2,3]``."""
    return "[" + ",".join(str(d) for d in shape) + "]"


# ---------------------------------------------------------------------------------------------
# Creation.


def constant(value, dtype=None, shape=None, name="Const"):
    """A tensor of a Python value or array; Python floats become float32, ints int32.

    >>> import tensorflux as tf
    >>> print(tf.constant([2.0, 3.0, 4.0]))
    tf.Tensor([2. 3. 4.], shape=(3,), dtype=float32)
    """
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if hasattr(value, "_value") and value._value is not None:
        value = value.numpy()
    array = to_array(value, dtype)
    if isinstance(value, np.ndarray) and array is value:
        array = array.copy()
    if shape is not None:
        shape = tuple(TensorShape(shape).as_list())
        if array.size == 1:
            array = np.full(shape, array.reshape(()), dtype=array.dtype)
        elif array.size == int(np.prod(shape, dtype=np.int64)):
            array = array.reshape(shape)
        else:
            raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tried to convert a value of "
                            f"shape {list(np.shape(array))} to shape {list(shape)}.")
    return _constant(array)


def _static_dims(shape) -> tuple:
    if hasattr(shape, "_value"):
        if shape._value is None:
            raise TypeError("A symbolic shape is not supported here; pass Python integers.")
        shape = np.asarray(shape._value).tolist()
    if isinstance(shape, TensorShape):
        shape = shape.as_list()
    if isinstance(shape, (int, np.integer)):
        shape = [shape]
    dims = tuple(int(d) for d in shape)
    for d in dims:
        if d < 0:
            raise InvalidArgumentError(f"Dimension {d} must be >= 0 [Op:Fill]")
    return dims


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of zeros.

    >>> import tensorflux as tf
    >>> tf.zeros((2, 1)).shape
    TensorShape([2, 1])
    """
    return _constant(np.zeros(_static_dims(shape), dtypes.as_dtype(dtype).numpy_dtype))


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of ones.

    >>> import tensorflux as tf
    >>> tf.ones(3).numpy()
    array([1., 1., 1.], dtype=float32)
    """
    return _constant(np.ones(_static_dims(shape), dtypes.as_dtype(dtype).numpy_dtype))


def fill(dims, value, name=None):
    """A tensor of shape ``dims`` filled with ``value`` (differentiable in ``value``).

    >>> import tensorflux as tf
    >>> tf.fill([2], 7).numpy()
    array([7, 7], dtype=int32)
    """
    value = as_input(value)
    if len(value._shape_tuple()) != 0:
        raise InvalidArgumentError(f"value must represent a scalar, got shape {list(value._shape_tuple())} [Op:Fill]")
    return broadcast_to(value, _static_dims(dims))


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """An identity matrix (or a batch of them)."""
    m = np.eye(int(num_rows), None if num_columns is None else int(num_columns), dtype=dtypes.as_dtype(dtype).numpy_dtype)
    if batch_shape is not None:
        m = np.broadcast_to(m, tuple(batch_shape) + m.shape).copy()
    return _constant(m)


def range(start, limit=None, delta=1, dtype=None, name="range"):
    """Numbers from ``start`` to ``limit`` (exclusive) by ``delta``; int32 for ints, as TF.

    >>> import tensorflux as tf
    >>> tf.range(5).numpy()
    array([0, 1, 2, 3, 4], dtype=int32)
    """
    if limit is None:
        start, limit = 0, start
    values = [v.numpy() if hasattr(v, "numpy") else v for v in (start, limit, delta)]
    if dtype is None:
        inferred = [dtypes.as_dtype(v.dtype) if hasattr(v, "dtype") else dtypes.python_value_dtype(v) for v in values]
        order = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64]
        dtype = max(inferred, key=lambda d: order.index(d) if d in order else 0)
    dtype = dtypes.as_dtype(dtype)
    start_, limit_, delta_ = (np.asarray(v).item() for v in values)
    if delta_ == 0:
        raise InvalidArgumentError("Requires delta != 0: 0 [Op:Range]")
    if (delta_ > 0 and start_ > limit_) or (delta_ < 0 and start_ < limit_):
        relation = "start <= limit when delta > 0" if delta_ > 0 else "start >= limit when delta < 0"
        raise InvalidArgumentError(f"Requires {relation}: {start_}/{limit_} [Op:Range]")
    return _constant(np.arange(*values, dtype=dtype.numpy_dtype))


def linspace(start, stop, num, name=None, axis=0):
    """``num`` evenly spaced values from ``start`` to ``stop`` inclusive (float32 for Python floats)."""
    start, stop = as_input(start), as_input(stop)
    dtype = start.dtype if start.dtype.is_floating else dtypes.float64  # TF: integer bounds give float64
    values = np.linspace(start.numpy(), stop.numpy(), int(num), axis=axis).astype(dtype.numpy_dtype)
    return _constant(values)


@primitive("Identity", shapes.same)
def IDENTITY(x):
    return x


IDENTITY.defgrad(lambda op, g: g)


def identity(input, name=None):
    """The input, as a new tensor (differentiable).

    >>> import tensorflux as tf
    >>> tf.identity([1.0]).numpy()
    array([1.], dtype=float32)
    """
    return IDENTITY(as_input(input), name=name)


# ---------------------------------------------------------------------------------------------
# Shapes.

def _shape_infer(x, *, out_type):
    return (len(x._shape_tuple()),), out_type


SHAPE = declare("Shape", lambda x, *, out_type: np.array(x.shape, out_type.numpy_dtype), _shape_infer,
                NOT_DIFFERENTIABLE)


def shape(input, out_type=dtypes.int32, name=None):
    """The shape of a tensor, as a 1-D int32 tensor.

    >>> import tensorflux as tf
    >>> tf.shape(tf.zeros((3, 2))).numpy()
    array([3, 2], dtype=int32)
    """
    x = as_input(input)
    return SHAPE(x, out_type=dtypes.as_dtype(out_type), name=name)


def _static_value(t):
    """The value of a tensor when it is known before running: eager, a constant, or a known shape."""
    if t._value is not None:
        return np.asarray(t._value)
    op = getattr(t, "op", None)
    if op is not None and op.type == "Const":
        return np.asarray(op.attrs["value"])
    if op is not None and op.type == "Shape":
        dims = op.inputs[0]._shape_tuple()
        return None if None in dims else np.array(dims)
    return None


def rank(input, name=None):
    """The number of dimensions, as an int32 scalar tensor."""
    return _constant(np.array(len(as_input(input)._shape_tuple()), np.int32))


def size(input, out_type=dtypes.int32, name=None):
    """The number of elements, as an int32 scalar tensor."""
    x = as_input(input)
    n = shapes.num_elements(x._shape_tuple())
    if n is not None:
        return _constant(np.array(n, dtypes.as_dtype(out_type).numpy_dtype))
    from .reduce import reduce_prod

    return reduce_prod(shape(x, out_type))


def _reshape_infer(x, new_shape):
    known = _static_value(new_shape)
    n_out = new_shape._shape_tuple()[0]
    if known is None:
        return (None,) * (n_out or 0), x.dtype
    dims = [int(d) for d in known]
    total = shapes.num_elements(x._shape_tuple())
    if -1 in dims:
        rest = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
        dims[dims.index(-1)] = None if total is None else (total // rest if rest else 0)
    elif total is not None and total != int(np.prod(dims, dtype=np.int64)):
        raise InvalidArgumentError(f"Cannot reshape a tensor with {total} elements to shape {dims} "
                                   f"({int(np.prod(dims, dtype=np.int64))} elements)")
    else:  # unknown input dimensions: the known ones must still divide the requested size
        known_in = int(np.prod([d for d in x._shape_tuple() if d is not None], dtype=np.int64))
        wanted = int(np.prod(dims, dtype=np.int64))
        if known_in and wanted % known_in:
            raise InvalidArgumentError(f"Dimension size must be evenly divisible by {known_in} but is {wanted}")
    return tuple(dims), x.dtype


def _reshape_kernel(x, new_shape):
    dims = tuple(int(d) for d in new_shape)
    unknown = [i for i, d in enumerate(dims) if d == -1]
    if len(unknown) > 1:
        raise InvalidArgumentError(f"Only one input size may be -1, not both {unknown[0]} and {unknown[1]} "
                                   "[Op:Reshape]")
    known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
    if (-1 not in dims and known != x.size) or (-1 in dims and (known == 0 or x.size % known)):
        raise InvalidArgumentError(f"Input to reshape is a tensor with {x.size} values, but the requested shape "
                                   f"{'requires a multiple of ' + str(known) if -1 in dims else 'has ' + str(known)} "
                                   "[Op:Reshape]")
    return x.reshape(dims)


RESHAPE = declare("Reshape", _reshape_kernel, _reshape_infer, graph_name="Reshape")
RESHAPE.defgrad(lambda op, g: (RESHAPE(g, shape(op.inputs[0])), None))


def reshape(tensor, shape, name=None):
    """A tensor with the same elements in a new shape (one dimension may be -1).

    >>> import tensorflux as tf
    >>> tf.reshape(tf.range(6), [3, -1]).shape
    TensorShape([3, 2])
    """
    x = as_input(tensor)
    if isinstance(shape, TensorShape):
        shape = shape.as_list()
    new_shape = as_input(shape, dtypes.int32) if not hasattr(shape, "_value") else shape
    return RESHAPE(x, new_shape, name=name)


def _transpose_infer(x, *, perm):
    s = x._shape_tuple()
    return tuple(s[p] for p in perm), x.dtype


TRANSPOSE = declare("Transpose", lambda x, *, perm: np.transpose(x, perm), _transpose_infer,
                    lambda op, g: TRANSPOSE(g, perm=tuple(np.argsort(op.attrs["perm"]).tolist())))


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permutes the dimensions (reverses them when ``perm`` is None).

    >>> import tensorflux as tf
    >>> tf.transpose(tf.zeros((2, 3))).shape
    TensorShape([3, 2])
    """
    x = as_input(a)
    rank_ = len(x._shape_tuple())
    perm = tuple(builtins.range(rank_ - 1, -1, -1)) if perm is None else tuple(int(p) % max(rank_, 1) for p in
                                                                               _as_list(perm))
    if len(perm) != rank_:
        raise InvalidArgumentError(f"transpose expects a vector of size {rank_}. But input(1) is a vector of size "
                                   f"{len(perm)} [Op:Transpose]")
    missing = [i for i in builtins.range(rank_) if i not in perm]
    if missing:
        raise InvalidArgumentError(f"{missing[0]} is missing from {{{','.join(str(p) for p in perm)}}}. "
                                   "[Op:Transpose]")
    out = TRANSPOSE(x, perm=perm, name=name)
    return math_ops.conj(out) if conjugate and x.dtype.is_complex else out


def _as_list(value):
    if hasattr(value, "_value"):
        return np.asarray(value._value).tolist()
    return list(value)


def _expand_infer(x, *, axis):
    s = list(x._shape_tuple())
    s.insert(axis, 1)
    return tuple(s), x.dtype


EXPAND_DIMS = declare("ExpandDims", lambda x, *, axis: np.expand_dims(x, axis), _expand_infer,
                      lambda op, g: SQUEEZE(g, axis=(op.attrs["axis"],)))


def _squeeze_infer(x, *, axis):
    return tuple(d for i, d in enumerate(x._shape_tuple()) if i not in axis), x.dtype


SQUEEZE = declare("Squeeze", lambda x, *, axis: np.squeeze(x, axis) if axis else x, _squeeze_infer,
                  lambda op, g: RESHAPE(g, shape(op.inputs[0])))


def expand_dims(input, axis, name=None):
    """Inserts a dimension of size 1 at ``axis``.

    >>> import tensorflux as tf
    >>> tf.expand_dims(tf.zeros(3), 0).shape
    TensorShape([1, 3])
    """
    x = as_input(input)
    rank_ = len(x._shape_tuple())
    axis = int(axis)
    if not -rank_ - 1 <= axis <= rank_:
        raise InvalidArgumentError(f"Tried to expand dim index {axis} for tensor with {rank_} dimensions. [Op:ExpandDims]")
    return EXPAND_DIMS(x, axis=axis % (rank_ + 1), name=name)


def squeeze(input, axis=None, name=None):
    """Removes dimensions of size 1 (all of them, or those in ``axis``)."""
    x = as_input(input)
    s = x._shape_tuple()
    if axis is None:
        axes = tuple(i for i, d in enumerate(s) if d == 1)
    else:
        axes = []
        for a in [axis] if isinstance(axis, int) else axis:
            if not -len(s) <= int(a) < len(s):
                raise InvalidArgumentError(f"Tried to squeeze dim index {int(a)} for tensor with {len(s)} dimensions. "
                                           "[Op:Squeeze]")
            axes.append(int(a) % len(s))
        axes = tuple(sorted(axes))
        for a in axes:
            if s[a] is not None and s[a] != 1:
                raise InvalidArgumentError(f"Can not squeeze dim[{a}], expected a dimension of 1, got {s[a]} "
                                           "[Op:Squeeze]")
    return SQUEEZE(x, axis=axes, name=name)


def _broadcast_to_infer(x, *, shape):
    return shapes.broadcast_shapes(x._shape_tuple(), shape), x.dtype


def _broadcast_to_kernel(x, *, shape):
    try:
        return np.broadcast_to(x, shape)
    except ValueError:
        raise InvalidArgumentError(f"Incompatible shapes: {_dims(x.shape)} vs. {_dims(shape)} [Op:BroadcastTo]") from None


BROADCAST_TO = declare("BroadcastTo", _broadcast_to_kernel, _broadcast_to_infer,
                       lambda op, g: UNBROADCAST(g, op.inputs[0]))


def broadcast_to(input, shape, name=None):
    """Broadcasts ``input`` to ``shape``.

    >>> import tensorflux as tf
    >>> tf.broadcast_to([1.0, 2.0], (2, 2)).numpy()
    array([[1., 2.],
           [1., 2.]], dtype=float32)
    """
    return BROADCAST_TO(as_input(input), shape=_static_dims(shape), name=name)


# ---------------------------------------------------------------------------------------------
# Joining and splitting.

def _concat_infer(*xs, axis):
    rank_ = len(xs[0]._shape_tuple())
    out = list(xs[0]._shape_tuple())
    for x in xs[1:]:
        s = x._shape_tuple()
        if len(s) != rank_:
            raise InvalidArgumentError(f"Shape must be rank {rank_} but is rank {len(s)}")
        for i, d in enumerate(s):
            if i == axis:
                out[i] = None if out[i] is None or d is None else out[i] + d
            elif out[i] is None:
                out[i] = d
            elif d is not None and d != out[i]:
                raise InvalidArgumentError(f"Dimension {i} in both shapes must be equal, but are {out[i]} and {d}. "
                                           f"Shapes are {list(xs[0]._shape_tuple())} and {list(s)}.")
    return tuple(out), xs[0].dtype


def _concat_kernel(*xs, axis):
    first = xs[0].shape
    for i, x in enumerate(xs[1:], 1):
        if x.ndim != len(first):
            raise InvalidArgumentError(f"ConcatOp : Ranks of all input tensors should match: shape[0] = {_dims(first)} "
                                       f"vs. shape[{i}] = {_dims(x.shape)} [Op:ConcatV2]")
        for d, (a, b) in enumerate(zip(first, x.shape)):
            if d != axis and a != b:
                raise InvalidArgumentError(f"ConcatOp : Dimension {d} in both shapes must be equal: shape[0] = "
                                           f"{_dims(first)} vs. shape[{i}] = {_dims(x.shape)} [Op:ConcatV2]")
    return np.concatenate(xs, axis=axis)


def _concat_grad(op, g):
    axis = op.attrs["axis"]
    sizes = [x._shape_tuple()[axis] for x in op.inputs]
    if None in sizes:
        raise NotImplementedError("The gradient of concat needs the sizes along the axis to be known.")
    return tuple(split(g, sizes, axis=axis))


CONCAT = declare("ConcatV2", _concat_kernel, _concat_infer, _concat_grad, graph_name="concat")


def concat(values, axis, name="concat"):
    """Joins tensors along an existing axis.

    >>> import tensorflux as tf
    >>> tf.concat([tf.zeros((1, 2)), tf.ones((1, 2))], axis=0).shape
    TensorShape([2, 2])
    """
    tensors = match_dtypes(list(values), "ConcatV2")
    if len(tensors) == 1:
        return identity(tensors[0])
    rank_ = len(tensors[0]._shape_tuple())
    return CONCAT(*tensors, axis=_axis_in(axis, rank_, "ConcatV2"), name=name)


def _axis_in(axis, rank_, op_name, extra=0):
    axis = int(np.asarray(axis._value)) if hasattr(axis, "_value") else int(axis)
    if not -(rank_ + extra) <= axis < rank_ + extra:
        raise InvalidArgumentError(f"Expected axis in the range [{-(rank_ + extra)}, {rank_ + extra}), but got "
                                   f"{axis} [Op:{op_name}]")
    return axis % (rank_ + extra) if rank_ + extra else 0


def _pack_infer(*xs, axis):
    merged = xs[0]._shape_tuple()
    for x in xs[1:]:
        if x._shape_tuple() != merged and None not in x._shape_tuple() and None not in merged:
            raise InvalidArgumentError(f"Shapes of all inputs must match: values[0].shape = {list(merged)} != "
                                       f"values[{xs.index(x)}].shape = {list(x._shape_tuple())}")
    s = list(merged)
    s.insert(axis, len(xs))
    return tuple(s), xs[0].dtype


def _pack_kernel(*xs, axis):
    for i, x in enumerate(xs[1:], 1):
        if x.shape != xs[0].shape:
            raise InvalidArgumentError(f"Shapes of all inputs must match: values[0].shape = {_dims(xs[0].shape)} != "
                                       f"values[{i}].shape = {_dims(x.shape)} [Op:Pack]")
    return np.stack(xs, axis=axis)


PACK = declare("Pack", _pack_kernel, _pack_infer, lambda op, g: tuple(unstack(g, len(op.inputs), op.attrs["axis"])),
               graph_name="stack")


def stack(values, axis=0, name="stack"):
    """Stacks tensors of one shape along a new axis.

    >>> import tensorflux as tf
    >>> tf.stack([tf.zeros(2), tf.ones(2)]).shape
    TensorShape([2, 2])
    """
    tensors = match_dtypes(list(values), "Pack")
    rank_ = len(tensors[0]._shape_tuple())
    return PACK(*tensors, axis=_axis_in(axis, rank_, "Pack", extra=1), name=name)


def _unpack_infer(x, *, num, axis):
    s = list(x._shape_tuple())
    del s[axis]
    return [(tuple(s), x.dtype)] * num


def _unpack_grad(op, *gs):
    filled = [g if g is not None else ZEROS_LIKE(o) for g, o in zip(gs, op.outputs)]
    return PACK(*filled, axis=op.attrs["axis"])


UNPACK = declare("Unpack", lambda x, *, num, axis: tuple(np.moveaxis(x, axis, 0)), _unpack_infer, _unpack_grad,
                 graph_name="unstack")


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits a tensor into a list of tensors along ``axis``."""
    x = as_input(value)
    s = x._shape_tuple()
    axis = _axis_in(axis, len(s), "Unpack")
    num = s[axis] if num is None else int(num)
    if num is None:
        raise ValueError(f"Cannot infer argument `num` from shape {TensorShape(s)}")
    if s[axis] is not None and s[axis] != num:
        raise InvalidArgumentError(f"Input shape axis {axis} must equal {num}, got shape {_dims(s)} [Op:Unpack]")
    return list(UNPACK(x, num=num, axis=axis, name=name)) if num else []


def _split_infer(x, *, sizes, axis):
    s = list(x._shape_tuple())
    outs = []
    for n in sizes:
        s[axis] = n
        outs.append((tuple(s), x.dtype))
    return outs


def _split_kernel(x, *, sizes, axis):
    if sum(sizes) != x.shape[axis]:
        raise InvalidArgumentError(f"Determined shape must either match input shape along split_dim exactly if fully "
                                   f"specified, or be less than the size of the input along split_dim if not fully "
                                   f"specified.  Got: {sum(sizes)} [Op:SplitV]")
    return tuple(np.split(x, np.cumsum(sizes)[:-1], axis=axis))


def _split_grad(op, *gs):
    filled = [g if g is not None else ZEROS_LIKE(o) for g, o in zip(gs, op.outputs)]
    return CONCAT(*filled, axis=op.attrs["axis"]) if len(filled) > 1 else filled[0]


SPLIT = declare("SplitV", _split_kernel, _split_infer, _split_grad, graph_name="split")


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits into ``n`` equal parts, or into parts of the given sizes (one may be -1).

    >>> import tensorflux as tf
    >>> [t.shape[0] for t in tf.split(tf.zeros(6), [1, 2, 3])]
    [1, 2, 3]
    """
    x = as_input(value)
    s = x._shape_tuple()
    axis = _axis_in(axis, len(s), "SplitV")
    total = s[axis]
    if isinstance(num_or_size_splits, (int, np.integer)) or (hasattr(num_or_size_splits, "shape") and
                                                            len(num_or_size_splits.shape) == 0):
        n = int(num_or_size_splits)
        if total is None or total % n:
            raise InvalidArgumentError(f"Number of ways to split should evenly divide the split dimension, but got "
                                       f"split_dim {axis} (size = {total}) and num_split {n} [Op:Split]")
        sizes = (total // n,) * n
    else:
        sizes = [int(v) for v in _as_list(num_or_size_splits)]
        if -1 in sizes:
            sizes[sizes.index(-1)] = total - (sum(sizes) + 1)
        sizes = tuple(sizes)
    return list(SPLIT(x, sizes=sizes, axis=axis, name=name))


def _tile_infer(x, *, multiples):
    return tuple(None if d is None else d * m for d, m in zip(x._shape_tuple(), multiples)), x.dtype


def _tile_grad(op, g):
    x = op.inputs[0]
    dims = x._shape_tuple()
    if None in dims:
        raise NotImplementedError("The gradient of tile needs the input shape to be known.")
    interleaved = [v for m, d in zip(op.attrs["multiples"], dims) for v in (m, d)]
    from .reduce import reduce_sum

    return reduce_sum(reshape(g, interleaved), axis=list(builtins.range(0, 2 * len(dims), 2)))


TILE = declare("Tile", lambda x, *, multiples: np.tile(x, multiples), _tile_infer, _tile_grad)


def tile(input, multiples, name=None):
    """Repeats the tensor ``multiples[i]`` times along axis i."""
    x = as_input(input)
    multiples = tuple(int(m) for m in _as_list(multiples))
    if len(multiples) != len(x._shape_tuple()):
        raise InvalidArgumentError(f"Expected multiples argument to be a vector of length {len(x._shape_tuple())} "
                                   f"but got length {len(multiples)} [Op:Tile]")
    return TILE(x, multiples=multiples, name=name)


def _pad_infer(x, *, paddings, mode, constant_values):
    return tuple(None if d is None else d + a + b for d, (a, b) in zip(x._shape_tuple(), paddings)), x.dtype


def _pad_kernel(x, *, paddings, mode, constant_values):
    if mode == "CONSTANT":
        return np.pad(x, paddings, mode="constant", constant_values=constant_values)
    for (a, b), d in zip(paddings, x.shape):
        if mode == "REFLECT" and (a >= d or b >= d):
            raise InvalidArgumentError(f"paddings must be less than the dimension size: {a}, {b} not less than {d} "
                                       "[Op:MirrorPad]")
        if a > d or b > d:
            raise InvalidArgumentError(f"paddings must be no greater than the dimension size: {a}, {b} greater than "
                                       f"{d} [Op:MirrorPad]")
    return np.pad(x, paddings, mode="reflect" if mode == "REFLECT" else "symmetric")


def _pad_grad(op, g):
    a = op.attrs
    if a["mode"] == "CONSTANT":
        key = tuple(builtins.slice(lo, None if hi == 0 else -hi) for lo, hi in a["paddings"])
        return STRIDED_SLICE(g, key=key)
    return MIRROR_PAD_GRAD(g, paddings=a["paddings"], mode=a["mode"])


PAD = declare("Pad", _pad_kernel, _pad_infer, _pad_grad)


def _mirror_pad_grad_infer(g, *, paddings, mode):
    return tuple(None if d is None else d - a - b for d, (a, b) in zip(g._shape_tuple(), paddings)), g.dtype


def _mirror_pad_grad_kernel(g, *, paddings, mode):
    """Folds the padded borders back onto the elements they copied."""
    out = g
    shift = 1 if mode == "REFLECT" else 0
    for axis, (lo, hi) in enumerate(paddings):
        n = out.shape[axis] - lo - hi
        core = np.take(out, np.arange(lo, lo + n), axis=axis).copy()
        for i in builtins.range(lo):  # padded position i mirrors core index lo - i - 1 + shift
            idx = [builtins.slice(None)] * out.ndim
            idx[axis] = lo - i - 1 + shift
            src = [builtins.slice(None)] * out.ndim
            src[axis] = i
            core[tuple(idx)] += out[tuple(src)]
        for i in builtins.range(hi):  # padded position lo + n + i mirrors n - 1 - i - shift
            idx = [builtins.slice(None)] * out.ndim
            idx[axis] = n - 1 - i - shift
            src = [builtins.slice(None)] * out.ndim
            src[axis] = lo + n + i
            core[tuple(idx)] += out[tuple(src)]
        out = core
    return out


MIRROR_PAD_GRAD = declare("MirrorPadGrad", _mirror_pad_grad_kernel, _mirror_pad_grad_infer,
                          lambda op, g: PAD(g, paddings=op.attrs["paddings"], mode=op.attrs["mode"],
                                            constant_values=0))


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pads with ``paddings[i] = [before, after]`` per axis; modes CONSTANT, REFLECT, SYMMETRIC."""
    x = as_input(tensor)
    pads = tuple((int(a), int(b)) for a, b in np.asarray(_as_list(paddings)).reshape(-1, 2).tolist())
    mode = mode.upper()
    if mode not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ValueError(f'Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". '
                         f"Received `mode` = {mode}")
    if len(pads) != len(x._shape_tuple()):
        raise InvalidArgumentError(f"The first dimension of paddings must be the rank of inputs"
                                   f"[{len(pads)},2] {_dims(x._shape_tuple())} [Op:Pad]")
    value = np.asarray(constant_values._value if hasattr(constant_values, "_value") else constant_values).item()
    return PAD(x, paddings=pads, mode=mode, constant_values=value, name=name)


REVERSE = declare("ReverseV2", lambda x, *, axis: np.flip(x, axis), shapes.same,
                  lambda op, g: REVERSE(g, axis=op.attrs["axis"]))


def reverse(tensor, axis, name=None):
    """Reverses the order of elements along the given axes."""
    x = as_input(tensor)
    axes = shapes.normalize_axis([int(a) for a in _as_list(axis)], len(x._shape_tuple()))
    return REVERSE(x, axis=axes, name=name)


# ---------------------------------------------------------------------------------------------
# Slicing (``tensor[key]``) and its gradient.

STRIDED_SLICE = declare("StridedSlice", lambda x, *, key: x[key],
                        lambda x, *, key: (sliced_shape(x._shape_tuple(), key), x.dtype),
                        lambda op, g: STRIDED_SLICE_GRAD(g, op.inputs[0], key=op.attrs["key"]),
                        graph_name="strided_slice")


def _slice_grad_kernel(g, like, *, key):
    out = np.zeros(np.shape(like), g.dtype)
    out[key] = g
    return out


STRIDED_SLICE_GRAD = declare("StridedSliceGrad", _slice_grad_kernel,
                             lambda g, like, *, key: (like._shape_tuple(), g.dtype),
                             lambda op, g: (STRIDED_SLICE(g, key=op.attrs["key"]), None))


def slice(input_, begin, size, name=None):
    """``size[i]`` elements from ``begin[i]`` along each axis (-1: to the end)."""
    x = as_input(input_)
    key = tuple(builtins.slice(b, None if n == -1 else b + n) for b, n in zip(_as_list(begin), _as_list(size)))
    return STRIDED_SLICE(x, key=key, name=name or "Slice")


def strided_slice(input_, begin, end, strides=None, name=None):
    """``input_[begin:end:strides]`` per axis."""
    x = as_input(input_)
    strides = _as_list(strides) if strides is not None else [1] * len(_as_list(begin))
    key = tuple(builtins.slice(b, e, s) for b, e, s in zip(_as_list(begin), _as_list(end), strides))
    return STRIDED_SLICE(x, key=key, name=name)


# ---------------------------------------------------------------------------------------------
# Gathering and scattering.

def _gather_infer(params, indices, *, axis, batch_dims):
    p, i = params._shape_tuple(), indices._shape_tuple()
    return p[:axis] + i[batch_dims:] + p[axis + 1:], params.dtype


def _gather_kernel(params, indices, *, axis, batch_dims):
    n = params.shape[axis]
    if indices.size and (indices.min() < 0 or indices.max() >= n):
        where = np.argwhere((indices < 0) | (indices >= n))[0]
        raise InvalidArgumentError(f"indices{list(where.tolist())} = {int(indices[tuple(where)])} is not in [0, {n}) "
                                   "[Op:GatherV2]".replace("[]", "[0]"))
    if batch_dims == 0:
        return np.take(params, indices, axis=axis)
    return np.stack([_gather_kernel(p, i, axis=axis - 1, batch_dims=batch_dims - 1) for p, i in zip(params, indices)])


def _gather_grad(op, g):
    """Sums the gradient rows that each index picked back into a tensor shaped like params."""
    params, indices = op.inputs
    axis = op.attrs["axis"]
    if op.attrs["batch_dims"]:
        raise NotImplementedError("The gradient of gather with batch_dims is not implemented.")
    p = params._shape_tuple()
    kept = p[:axis] + p[axis + 1:]
    if None in kept:
        raise NotImplementedError("The gradient of gather needs the non-gathered dimensions to be known.")
    n_idx = len(indices._shape_tuple())
    index_axes = list(builtins.range(axis, axis + n_idx))
    other_axes = [a for a in builtins.range(len(g._shape_tuple())) if a not in index_axes]
    rows = reshape(transpose(g, index_axes + other_axes), [-1, *kept])
    summed = unsorted_segment_sum(rows, reshape(indices, [-1]), p[axis])
    back = list(builtins.range(1, axis + 1)) + [0] + list(builtins.range(axis + 1, len(p)))
    return transpose(summed, back), None


GATHER = declare("GatherV2", _gather_kernel, _gather_infer, _gather_grad)


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Picks slices of ``params`` along ``axis`` at ``indices``.

    >>> import tensorflux as tf
    >>> tf.gather([10.0, 20.0, 30.0], [2, 0]).numpy()
    array([30., 10.], dtype=float32)
    """
    p = as_input(params)
    i = math_ops.require_dtype(as_input(indices), (dtypes.int16, dtypes.int32, dtypes.int64), "GatherV2",
                               attr="Tindices")
    rank_ = len(p._shape_tuple())
    if axis is not None and int(axis) >= rank_:
        raise InvalidArgumentError(f"Shape must be at least rank {int(axis) + 1} but is rank {rank_} [Op:GatherV2]")
    axis = batch_dims if axis is None else _axis_in(axis, rank_, "GatherV2")
    return GATHER(p, i, axis=axis, batch_dims=int(batch_dims) % max(len(i._shape_tuple()) + 1, 1), name=name)


def _segment_infer(data, ids, *, num_segments):
    d, i = data._shape_tuple(), ids._shape_tuple()
    return (num_segments,) + d[len(i):], data.dtype


def _segment_kernel(data, ids, *, num_segments):
    out = np.zeros((num_segments,) + data.shape[ids.ndim:], data.dtype)
    valid = (ids >= 0) & (ids < num_segments)
    np.add.at(out, ids[valid], data[valid])
    return out


SEGMENT_SUM = declare("UnsortedSegmentSum", _segment_kernel, _segment_infer,
                      lambda op, g: (GATHER(g, math_ops.maximum(op.inputs[1], 0), axis=0, batch_dims=0), None))


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums the rows of ``data`` that share a segment id."""
    d = as_input(data)
    ids = as_input(segment_ids, hint=dtypes.int32)
    return SEGMENT_SUM(d, ids, num_segments=int(num_segments), name=name)


def _gather_nd_infer(params, indices, *, batch_dims):
    p, i = params._shape_tuple(), indices._shape_tuple()
    depth = i[-1]
    return i[:-1] + (p[depth:] if depth is not None else ()), params.dtype


def _gather_nd_kernel(params, indices, *, batch_dims):
    depth = indices.shape[-1]
    rows = indices.reshape(-1, depth)
    bad = np.nonzero(((rows < 0) | (rows >= np.array(params.shape[:depth]))).any(axis=1))[0]
    if bad.size:
        raise InvalidArgumentError(f"indices[{bad[0]}] = [{', '.join(str(v) for v in rows[bad[0]].tolist())}] does not "
                                   f"index into param shape {_dims(params.shape)}, node name: GatherNd [Op:GatherNd]")
    return params[tuple(np.moveaxis(indices, -1, 0))]


GATHER_ND = declare("GatherNd", _gather_nd_kernel, _gather_nd_infer,
                    lambda op, g: (SCATTER_ND(op.inputs[1], g, shape(op.inputs[0])), None))


def gather_nd(params, indices, batch_dims=0, name=None):
    """Gathers slices of ``params`` at multi-dimensional ``indices``."""
    if batch_dims:
        raise NotImplementedError("gather_nd with batch_dims is not supported yet")
    return GATHER_ND(as_input(params), as_input(indices, hint=dtypes.int32), batch_dims=0, name=name)


def _scatter_nd_infer(indices, updates, dense_shape):
    known = _static_value(dense_shape)
    dims = tuple(int(d) for d in known) if known is not None else (None,) * dense_shape._shape_tuple()[0]
    return dims, updates.dtype


def _scatter_nd_kernel(indices, updates, dense_shape):
    out = np.zeros(tuple(int(d) for d in dense_shape), updates.dtype)
    np.add.at(out, tuple(np.moveaxis(indices, -1, 0)), updates)
    return out


SCATTER_ND = declare("ScatterNd", _scatter_nd_kernel, _scatter_nd_infer,
                     lambda op, g: (None, GATHER_ND(g, op.inputs[0], batch_dims=0), None))


def scatter_nd(indices, updates, shape, name=None):
    """A zero tensor of ``shape`` with ``updates`` added at ``indices``."""
    return SCATTER_ND(as_input(indices, hint=dtypes.int32), as_input(updates),
                      as_input(_as_list(shape), dtypes.int32), name=name)


def _tensor_scatter_kernel(mode):
    def run(tensor, indices, updates):
        depth = indices.shape[-1]
        rows = indices.reshape(-1, depth)
        bad = np.nonzero(((rows < 0) | (rows >= np.array(tensor.shape[:depth]))).any(axis=1))[0]
        if bad.size:
            raise InvalidArgumentError(f"indices[{bad[0]}] = [{', '.join(str(v) for v in rows[bad[0]].tolist())}] "
                                       f"does not index into shape {_dims(tensor.shape)} "
                                       f"[Op:TensorScatter{mode.title()}]")
        out = tensor.copy()
        index = tuple(np.moveaxis(indices, -1, 0))
        if mode == "update":
            out[index] = updates
        else:
            np.add.at(out, index, updates)
        return out

    return run


def _tensor_scatter_grad(mode):
    def gradient(op, g):
        _, indices, _ = op.inputs
        g_updates = GATHER_ND(g, indices, batch_dims=0)
        if mode == "update":
            g_tensor = TENSOR_SCATTER_UPDATE(g, indices, ZEROS_LIKE(g_updates))
        else:
            g_tensor = g
        return g_tensor, None, g_updates

    return gradient


TENSOR_SCATTER_UPDATE = declare("TensorScatterUpdate", _tensor_scatter_kernel("update"),
                                lambda t, i, u: (t._shape_tuple(), t.dtype), _tensor_scatter_grad("update"))
TENSOR_SCATTER_ADD = declare("TensorScatterAdd", _tensor_scatter_kernel("add"),
                             lambda t, i, u: (t._shape_tuple(), t.dtype), _tensor_scatter_grad("add"))


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """A copy of ``tensor`` with ``updates`` written at ``indices``.

    >>> import tensorflux as tf
    >>> tf.tensor_scatter_nd_update([1, 2, 3], [[1]], [9]).numpy()
    array([1, 9, 3], dtype=int32)
    """
    t, u = match_dtypes((tensor, updates), "TensorScatterUpdate")
    return TENSOR_SCATTER_UPDATE(t, as_input(indices, hint=dtypes.int32), u, name=name)


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """A copy of ``tensor`` with ``updates`` added at ``indices``."""
    t, u = match_dtypes((tensor, updates), "TensorScatterAdd")
    return TENSOR_SCATTER_ADD(t, as_input(indices, hint=dtypes.int32), u, name=name)


WHERE_INDICES = declare("Where", lambda c: np.argwhere(c).astype(np.int64),
                        lambda c: ((None, len(c._shape_tuple())), dtypes.int64), NOT_DIFFERENTIABLE)


def where_indices(condition, name=None):
    """The coordinates of the true (non-zero) elements, as int64 rows."""
    return WHERE_INDICES(as_input(condition), name=name)


def boolean_mask(tensor, mask, axis=None, name="boolean_mask"):
    """The elements (or slices) of ``tensor`` where ``mask`` is true.

    >>> import tensorflux as tf
    >>> tf.boolean_mask([1, 2, 3], [True, False, True]).numpy()
    array([1, 3], dtype=int32)
    """
    x = as_input(tensor)
    m = as_input(mask, dtypes.bool)
    axis = 0 if axis is None else int(axis)
    m_rank = len(m._shape_tuple())
    s = x._shape_tuple()
    leading = s[axis: axis + m_rank]
    if None not in leading and None not in m._shape_tuple() and tuple(m._shape_tuple()) != tuple(leading):
        raise ValueError(f"Shapes {TensorShape(leading)} and {TensorShape(m._shape_tuple())} are incompatible")
    flat = reshape(x, list(s[:axis]) + [-1] + list(s[axis + m_rank:]))
    picked = reshape(where_indices(reshape(m, [-1])), [-1])
    return gather(flat, picked, axis=axis)


def _one_hot_infer(indices, *, depth, on, off, axis, dtype):
    s = list(indices._shape_tuple())
    s.insert(axis if axis >= 0 else len(s), depth)
    return tuple(s), dtype


def _one_hot_kernel(indices, *, depth, on, off, axis, dtype):
    hot = np.expand_dims(indices, -1) == np.arange(depth)
    out = np.where(hot, np.asarray(on, dtype.numpy_dtype), np.asarray(off, dtype.numpy_dtype))
    return np.moveaxis(out, -1, axis) if axis not in (-1, indices.ndim) else out


ONE_HOT = declare("OneHot", _one_hot_kernel, _one_hot_infer, NOT_DIFFERENTIABLE)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot vectors of length ``depth`` (float32 by default); out-of-range indices give zeros.

    >>> import tensorflux as tf
    >>> tf.one_hot([0, 2], 3).numpy()
    array([[1., 0., 0.],
           [0., 0., 1.]], dtype=float32)
    """
    i = math_ops.require_dtype(as_input(indices), (dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64), "OneHot",
                               attr="TI")
    if dtype is None:
        dtype = (on_value.dtype if hasattr(on_value, "dtype") else
                 dtypes.python_value_dtype(on_value) if on_value is not None else dtypes.float32)
    dtype = dtypes.as_dtype(dtype)
    on = 1 if on_value is None else np.asarray(getattr(on_value, "_value", on_value)).item()
    off = 0 if off_value is None else np.asarray(getattr(off_value, "_value", off_value)).item()
    return ONE_HOT(i, depth=int(depth), on=on, off=off, axis=-1 if axis is None else int(axis), dtype=dtype, name=name)


# ---------------------------------------------------------------------------------------------
# Sorting.

def _top_k_infer(x, *, k, sorted):
    s = x._shape_tuple()
    return [(s[:-1] + (k,), x.dtype), (s[:-1] + (k,), dtypes.int32)]


def _top_k_kernel(x, *, k, sorted):
    if k > x.shape[-1]:
        raise InvalidArgumentError(f"input must have at least k columns. Had {x.shape[-1]}, needed {k} [Op:TopKV2]")
    # descending, ties by lower index: a stable ascending sort of the reversed axis, read backwards
    n = x.shape[-1]
    keys = np.where(np.isnan(x), -np.inf, x) if x.dtype.kind == "f" else x  # NaN ranks last, as TF sorts it
    order = (n - 1 - np.argsort(keys[..., ::-1], axis=-1, kind="stable")[..., ::-1])[..., :k]
    return np.take_along_axis(x, order, -1), order.astype(np.int32)


def _top_k_grad(op, g_values, g_indices=None):
    if g_values is None:
        return None
    x = op.inputs[0]
    hot = one_hot(op.outputs[1], x._shape_tuple()[-1], dtype=g_values.dtype)
    from .reduce import reduce_sum

    return reduce_sum(hot * expand_dims(g_values, -1), axis=-2)


TOP_K = declare("TopKV2", _top_k_kernel, _top_k_infer, _top_k_grad, graph_name="TopKV2", allowed=math_ops.REAL)


def top_k(input, k=1, sorted=True, index_type=dtypes.int32, name=None):
    """The ``k`` largest entries of the last axis and their indices (ties: lower index first).

    >>> import tensorflux as tf
    >>> values, indices = tf.math.top_k([1.0, 3.0, 2.0], k=2)
    >>> indices.numpy()
    array([1, 2], dtype=int32)
    """
    x = as_input(input)
    if int(k) < 0:
        raise InvalidArgumentError(f"Need k >= 0, got {int(k)} [Op:TopKV2]")
    values, indices = TOP_K(x, k=int(k), sorted=bool(sorted), name=name)
    return TopKV2(values, indices if index_type == dtypes.int32 else math_ops.cast(indices, index_type))


class TopKV2(tuple):
    """``(values, indices)`` with names, as TF's result of ``top_k``."""

    def __new__(cls, values, indices):
        return super().__new__(cls, (values, indices))

    values = property(lambda self: self[0])
    indices = property(lambda self: self[1])


def _sort_via_top_k(values, axis, direction, want):
    x = as_input(values)
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f"Argument `direction` should be one of ASCENDING, DESCENDING. Received: direction={direction}")
    rank_ = len(x._shape_tuple())
    axis = _axis_in(axis, rank_, "Sort")
    perm = None
    if axis != rank_ - 1:
        perm = list(builtins.range(rank_))
        perm[axis], perm[-1] = perm[-1], perm[axis]
        x = transpose(x, perm)
    descending = direction == "DESCENDING"
    if not descending:  # TF sorts ascending as -top_k(-x): Neg refuses what it cannot negate
        math_ops.require_dtype(x, math_ops.NUMERIC, "Neg")
    keys = x if descending else (math_ops.cast(x, dtypes.int64) if x.dtype.is_unsigned else x) * -1
    top, indices = TOP_K(keys, k=x._shape_tuple()[-1], sorted=True)
    out = indices if want == "indices" else top if descending else math_ops.cast(top * -1, x.dtype)
    return transpose(out, perm) if perm is not None else out


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """Sorted values along ``axis``.

    >>> import tensorflux as tf
    >>> tf.sort([3, 1, 2]).numpy()
    array([1, 2, 3], dtype=int32)
    """
    return _sort_via_top_k(values, axis, direction, "values")


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """Indices that sort ``values`` along ``axis``."""
    return _sort_via_top_k(values, axis, direction, "indices")

