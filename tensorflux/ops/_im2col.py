"""Convolution kernels on channels-last arrays: im2col in bounded chunks, one matrix multiply per chunk.

``x`` is ``[N, *in_spatial, C]``, the filter ``w`` is ``[*window, C // groups, O]`` and the
output ``y`` is ``[N, *out_spatial, O]``. For one chunk of output positions (``_tiling.chunks``)
the im2col columns ``[positions, *window, C]`` are filled by one strided copy of the chunk's
windows (``_tiling.window_view``; zeros where a window reads padding). Then

- forward:          ``y_chunk = columns @ w.reshape(K * C, O)``
- filter gradient:  ``dw += columns.T @ dy_chunk``
- input gradient:   ``dy_chunk @ w[t].T`` for each tap, added back onto ``dx`` tap by tap (col2im).

The chunk's columns stay near ``CHUNK_BYTES`` (16 MB, far below ``BUDGET_BYTES``), so the
matrix multiply runs near BLAS speed and memory does not grow with the batch.
"""

from __future__ import annotations

import math

import numpy as np

from ..framework.backend import get_array_module
from ..framework.errors import InvalidArgumentError
from ._tiling import Geometry, add_windows, box_shape, box_slices, chunks, max_positions, window_view
from ._window import both_shapes

_WIDENED = {np.dtype(np.float16)}  # dtypes multiplied in float32 (NumPy has no fast half-precision matmul)


def compute_dtype(dtype):
    """The dtype a kernel computes in: float32 for half-precision inputs, the input dtype otherwise."""
    if dtype in _WIDENED or dtype.name == "bfloat16":
        return np.dtype(np.float32)
    return dtype


def widen(*arrays):
    """The arrays in their compute dtype (a copy only for half-precision inputs)."""
    return tuple(a.astype(compute_dtype(a.dtype), copy=False) for a in arrays)


# ---------------------------------------------------------------------------------------------
# The columns of one chunk.

# Up to this many channels the columns are laid out tap-major, ``[*window, C, positions]``: each
# tap's copy then runs along whole rows of output positions, where a position-major copy would
# move only ``window[-1] * C`` elements at a time (a 3x3 window on one channel: 3 floats).
TAP_MAJOR_CHANNELS = 4


def columns(buffer, x, geom: Geometry, box, tap_major):
    """The im2col matrix ``[positions, K * C]`` of ``box``, filled into ``buffer`` by one strided copy.

    Tap-major columns come back as the transpose of a C-ordered ``[K * C, positions]``: BLAS reads
    either layout directly.
    """
    xp = get_array_module(x)
    view = window_view(x, geom, box)
    lead = 1 + geom.rank
    positions = math.prod(view.shape[:lead])
    if tap_major:
        order = (*range(lead, view.ndim), *range(lead))
        cols = buffer[:view.size].reshape([view.shape[a] for a in order])
        xp.copyto(cols, view.transpose(order))
        return cols.reshape(-1, positions).T
    cols = buffer[:view.size].reshape(view.shape)
    xp.copyto(cols, view)
    return cols.reshape(positions, -1)


def _tap_major(c, groups) -> bool:
    return groups == 1 and c <= TAP_MAJOR_CHANNELS


# ---------------------------------------------------------------------------------------------
# Shape checks, with both shapes in the message.

def check_conv_shapes(x_shape, w_shape, op_name):
    rank = len(w_shape) - 2
    if len(x_shape) != rank + 2:
        raise InvalidArgumentError(f"convolution input must be {rank + 2}-dimensional: "
                                   f"{both_shapes(x_shape, w_shape)} [Op:{op_name}]")
    c, cg = x_shape[-1], w_shape[-2]
    if cg is not None and cg <= 0:
        raise InvalidArgumentError(f"filter depth must be stricly positive, got {cg} {both_shapes(x_shape, w_shape)} "
                                   f"[Op:{op_name}]")
    if c is not None and cg is not None and c % cg:
        raise InvalidArgumentError(f"input depth must be evenly divisible by filter depth: {c} vs {cg} "
                                   f"{both_shapes(x_shape, w_shape)} [Op:{op_name}]")
    o = w_shape[-1]
    if c is not None and cg is not None and o is not None and o % (c // cg):
        raise InvalidArgumentError(f"The number of output channels {o} must be divisible by the number of groups "
                                   f"{c // cg} {both_shapes(x_shape, w_shape)} [Op:{op_name}]")


def backprop_geometry(x_shape, w_shape, dy_shape, strides, dilations, padding, op_name) -> Geometry:
    """The geometry of a backprop op, after checking that ``dy`` is what the forward op would give."""
    check_conv_shapes(x_shape, w_shape, op_name)
    _check_batch_and_depth(x_shape, w_shape, dy_shape, op_name)
    geom = Geometry(x_shape[1:-1], w_shape[:-2], strides, dilations, padding, op_name)
    for axis, (got, want) in enumerate(zip(dy_shape[1:-1], geom.out_sizes)):
        if got != want:
            raise InvalidArgumentError(
                f"{op_name}: Size of out_backprop doesn't match computed: actual = {got}, computed = {want} "
                f"spatial_dim: {axis + 1} input: {x_shape[axis + 1]} filter: {w_shape[axis]} output: {got} "
                f"stride: {strides[axis]} dilation: {dilations[axis]} {both_shapes(x_shape, w_shape)} "
                f"(out_backprop shape {list(dy_shape)}) [Op:{op_name}]")
    return geom


def sizes_of(tensor) -> tuple:
    """A shape given as an int tensor (``input_sizes``, ``filter_sizes``), as a tuple of ints."""
    return tuple(int(d) for d in np.asarray(tensor).tolist())


# ---------------------------------------------------------------------------------------------
# The three kernels.

def conv(x, w, *, strides, dilations, padding, op_name="Conv2D"):
    """The convolution (cross-correlation, as TF) of ``x`` with ``w``."""
    xp = get_array_module(x, w)
    check_conv_shapes(x.shape, w.shape, op_name)
    geom = Geometry(x.shape[1:-1], w.shape[:-2], strides, dilations, padding, op_name)
    n, c, o = x.shape[0], x.shape[-1], w.shape[-1]
    out_dtype = x.dtype
    x, w = widen(x, w)
    out = xp.empty((n, *geom.out_sizes, o), x.dtype)
    if out.size == 0:
        return out.astype(out_dtype, copy=False)
    k = geom.window_size
    tap_major = _tap_major(c, c // w.shape[-2])
    position_bytes = k * c * x.dtype.itemsize
    buffer = xp.empty(max_positions(n, geom.out_sizes, position_bytes) * k * c, x.dtype)
    for box in chunks(n, geom.out_sizes, position_bytes):
        cols = columns(buffer, x, geom, box, tap_major)
        _columns_times_filter(xp, cols, w, out[box_slices(box)].reshape(cols.shape[0], o))
    return out.astype(out_dtype, copy=False)


def _columns_times_filter(xp, cols, w, out):
    positions = cols.shape[0]
    k = math.prod(w.shape[:-2])
    cg, o = w.shape[-2:]
    groups = cols.shape[1] // (k * cg)
    if groups == 1:
        xp.matmul(cols, w.reshape(k * cg, o), out=out)
        return
    og = o // groups
    cols = cols.reshape(positions, k, groups * cg)
    wg = w.reshape(k, cg, groups, og)
    for g in range(groups):
        a = cols[:, :, g * cg:(g + 1) * cg].reshape(positions, k * cg)
        out[:, g * og:(g + 1) * og] = a @ wg[:, :, g, :].reshape(k * cg, og)


def conv_backprop_filter(x, filter_sizes, dy, *, strides, dilations, padding, op_name="Conv2DBackpropFilter"):
    """d(loss)/d(filter) of ``conv``: the columns of ``x`` times ``dy``, summed over chunks."""
    xp = get_array_module(x, dy)
    w_shape = sizes_of(filter_sizes)
    geom = backprop_geometry(x.shape, w_shape, dy.shape, strides, dilations, padding, op_name)
    n, c = x.shape[0], x.shape[-1]
    cg, o = w_shape[-2:]
    groups, og = c // cg, o // (c // cg)
    out_dtype = x.dtype
    x, dy = widen(x, dy)
    k = geom.window_size
    dw = xp.zeros((k, cg, o), x.dtype)
    if x.size == 0 or dy.size == 0:
        return dw.reshape(w_shape).astype(out_dtype, copy=False)
    tap_major = _tap_major(c, groups)
    position_bytes = k * c * x.dtype.itemsize
    buffer = xp.empty(max_positions(n, geom.out_sizes, position_bytes) * k * c, x.dtype)
    for box in chunks(n, geom.out_sizes, position_bytes):
        cols = columns(buffer, x, geom, box, tap_major)
        positions = cols.shape[0]
        grad = dy[box_slices(box)].reshape(positions, o)
        if groups == 1:
            dw += (cols.T @ grad).reshape(k, c, o)
            continue
        cols = cols.reshape(positions, k, c)
        for g in range(groups):
            a = cols[:, :, g * cg:(g + 1) * cg].reshape(positions, k * cg)
            dw[:, :, g * og:(g + 1) * og] += (a.T @ grad[:, g * og:(g + 1) * og]).reshape(k, cg, og)
    return dw.reshape(w_shape).astype(out_dtype, copy=False)


def conv_backprop_input(input_sizes, w, dy, *, strides, dilations, padding, op_name="Conv2DBackpropInput"):
    """d(loss)/d(input) of ``conv`` (also the transposed convolution of ``dy``).

    Per chunk, ``dy @ w[t].T`` for every tap ``t`` at once (tap-major columns ``[K, positions, C]``,
    so each tap's block is contiguous), then each block is added onto the inputs its tap read.
    """
    xp = get_array_module(w, dy)
    x_shape = sizes_of(input_sizes)
    geom = backprop_geometry(x_shape, w.shape, dy.shape, strides, dilations, padding, op_name)
    n, c = x_shape[0], x_shape[-1]
    cg, o = w.shape[-2:]
    groups, og = c // cg, o // (c // cg)
    out_dtype = dy.dtype
    w, dy = widen(w, dy)
    dx = xp.zeros(x_shape, dy.dtype)
    if dx.size == 0 or dy.size == 0:
        return dx.astype(out_dtype, copy=False)
    k = geom.window_size
    position_bytes = k * c * dy.dtype.itemsize
    buffer = xp.empty(max_positions(n, geom.out_sizes, position_bytes) * k * c, dy.dtype)
    # w[t].T per tap and group: [groups, K, og, cg]
    w_t = xp.ascontiguousarray(w.reshape(k, cg, groups, og).transpose(2, 0, 3, 1))
    for box in chunks(n, geom.out_sizes, position_bytes):
        shape = box_shape(box)
        positions = math.prod(shape)
        cols = buffer[:k * positions * c].reshape(k, positions, c)
        grad = dy[box_slices(box)].reshape(positions, o)
        if groups == 1:
            xp.matmul(grad, w_t[0], out=cols)
        else:
            for g in range(groups):
                cols[:, :, g * cg:(g + 1) * cg] = xp.matmul(grad[:, g * og:(g + 1) * og], w_t[g])
        add_windows(dx, cols.reshape(k, *shape, c), geom, box)
    return dx.astype(out_dtype, copy=False)


def _check_batch_and_depth(x_shape, w_shape, dy_shape, op_name):
    if len(dy_shape) != len(x_shape):
        raise InvalidArgumentError(f"{op_name}: out_backprop must be {len(x_shape)}-dimensional "
                                   f"(out_backprop shape {list(dy_shape)}) [Op:{op_name}]")
    if dy_shape[-1] != w_shape[-1]:
        raise InvalidArgumentError(f"{op_name}: filter and out_backprop must have the same out_depth "
                                   f"(filter shape {list(w_shape)}, out_backprop shape {list(dy_shape)}) "
                                   f"[Op:{op_name}]")
    if dy_shape[0] != x_shape[0]:
        raise InvalidArgumentError(f"{op_name}: input and out_backprop must have the same batch size. Input batch: "
                                   f"{x_shape[0]}, outbackprop batch: {dy_shape[0]}, batch_dim: 0 "
                                   f"(input shape {list(x_shape)}, out_backprop shape {list(dy_shape)}) "
                                   f"[Op:{op_name}]")
