"""Convolution kernels on channels-last arrays: im2col in bounded chunks, one matrix multiply per chunk.

``x`` is ``[N, *in_spatial, C]``, the filter ``w`` is ``[*window, C // groups, O]`` and the
output ``y`` is ``[N, *out_spatial, O]``. For one chunk of output positions (``_tiling.chunks``)
the im2col columns ``[positions, *window, C]`` are filled by one strided copy per window tap,
with zeros where a tap reads padding. Then

- forward:          ``y_chunk = columns @ w.reshape(K * C, O)``
- filter gradient:  ``dw += columns.T @ dy_chunk``
- input gradient:   ``columns = dy_chunk @ w.T``, added back onto ``dx`` tap by tap (col2im).

The chunk's columns stay near ``CHUNK_BYTES`` (16 MB, far below ``BUDGET_BYTES``), so the
matrix multiply runs near BLAS speed and memory does not grow with the batch.
"""

from __future__ import annotations

import math

import numpy as np

from ..framework.backend import get_array_module
from ..framework.errors import InvalidArgumentError
from ._tiling import Geometry, box_shape, box_slices, chunks, max_positions
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
# Moving data between an input and the im2col columns of one chunk.

def _zero_outside(dest, ranges, spatial_box):
    """Zeroes the part of a tap's columns that reads padding (outside its valid ranges)."""
    for axis, ((lo, hi, _), (b0, b1)) in enumerate(zip(ranges, spatial_box)):
        lead = (slice(None),) * (axis + 1)
        if lo > 0:
            dest[lead + (slice(0, lo),)] = 0
        if hi < b1 - b0:
            dest[lead + (slice(hi, None),)] = 0


def fill_columns(cols, x, geom: Geometry, box):
    """``cols[n, *o, *tap, c]`` = the input element output position ``o`` reads through ``tap`` (0 in padding)."""
    (n0, n1), spatial = box[0], box[1:]
    lead = (slice(None),) * (1 + geom.rank)
    for tap in geom.taps:
        dest = cols[lead + tap]
        ranges = geom.tap_ranges(tap, spatial)
        if ranges is None:
            dest[...] = 0
            continue
        _zero_outside(dest, ranges, spatial)
        dest[(slice(None),) + tuple(slice(lo, hi) for lo, hi, _ in ranges)] = \
            x[(slice(n0, n1),) + tuple(s for _, _, s in ranges)]


def add_columns(dx, cols, geom: Geometry, box):
    """The adjoint of ``fill_columns``: adds each tap's columns back onto the input positions it read."""
    (n0, n1), spatial = box[0], box[1:]
    lead = (slice(None),) * (1 + geom.rank)
    for tap in geom.taps:
        ranges = geom.tap_ranges(tap, spatial)
        if ranges is None:
            continue
        src = cols[lead + tap][(slice(None),) + tuple(slice(lo, hi) for lo, hi, _ in ranges)]
        dx[(slice(n0, n1),) + tuple(s for _, _, s in ranges)] += src


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
    position_bytes = k * c * x.dtype.itemsize
    buffer = xp.empty(max_positions(n, geom.out_sizes, position_bytes) * k * c, x.dtype)
    for box in chunks(n, geom.out_sizes, position_bytes):
        shape = box_shape(box)
        positions = math.prod(shape)
        cols = buffer[:positions * k * c].reshape(*shape, *geom.window, c)
        fill_columns(cols, x, geom, box)
        _columns_times_filter(xp, cols.reshape(positions, k, c), w, out[box_slices(box)].reshape(positions, o))
    return out.astype(out_dtype, copy=False)


def _columns_times_filter(xp, cols, w, out):
    positions, k, c = cols.shape
    cg, o = w.shape[-2:]
    groups = c // cg
    if groups == 1:
        xp.matmul(cols.reshape(positions, k * c), w.reshape(k * c, o), out=out)
        return
    og = o // groups
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
    position_bytes = k * c * x.dtype.itemsize
    buffer = xp.empty(max_positions(n, geom.out_sizes, position_bytes) * k * c, x.dtype)
    for box in chunks(n, geom.out_sizes, position_bytes):
        shape = box_shape(box)
        positions = math.prod(shape)
        cols = buffer[:positions * k * c].reshape(*shape, *geom.window, c)
        fill_columns(cols, x, geom, box)
        cols = cols.reshape(positions, k, c)
        grad = dy[box_slices(box)].reshape(positions, o)
        if groups == 1:
            dw += (cols.reshape(positions, k * c).T @ grad).reshape(k, c, o)
            continue
        for g in range(groups):
            a = cols[:, :, g * cg:(g + 1) * cg].reshape(positions, k * cg)
            dw[:, :, g * og:(g + 1) * og] += (a.T @ grad[:, g * og:(g + 1) * og]).reshape(k, cg, og)
    return dw.reshape(w_shape).astype(out_dtype, copy=False)


def conv_backprop_input(input_sizes, w, dy, *, strides, dilations, padding, op_name="Conv2DBackpropInput"):
    """d(loss)/d(input) of ``conv`` (also the transposed convolution of ``dy``): col2im of ``dy @ w.T``."""
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
    w_cols = w.reshape(k, cg, groups, og)
    for box in chunks(n, geom.out_sizes, position_bytes):
        shape = box_shape(box)
        positions = math.prod(shape)
        cols = buffer[:positions * k * c].reshape(positions, k, c)
        grad = dy[box_slices(box)].reshape(positions, o)
        if groups == 1:
            xp.matmul(grad, w.reshape(k * c, o).T, out=cols.reshape(positions, k * c))
        else:
            for g in range(groups):
                part = grad[:, g * og:(g + 1) * og] @ w_cols[:, :, g, :].reshape(k * cg, og).T
                cols[:, :, g * cg:(g + 1) * cg] = part.reshape(positions, k, cg)
        add_columns(dx, cols.reshape(*shape, *geom.window, c), geom, box)
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
