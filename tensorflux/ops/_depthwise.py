"""Depthwise convolution kernels on channels-last arrays: one multiply-add per window tap.

``x`` is ``[N, *in_spatial, C]``, the filter ``w`` is ``[*window, C, M]`` and the output is
``[N, *out_spatial, C * M]`` (channel ``c * M + m`` is input channel ``c`` through ``w[..., c, m]``).
Each channel meets only its own filter, so there is no matrix multiply to hand to BLAS: the
kernels loop over the few window taps and do one broadcast multiply-add per tap over a chunk of
positions (``_tiling.chunks``), which keeps the chunk in cache across taps.
"""

from __future__ import annotations

import numpy as np

from ..framework.backend import get_array_module
from ..framework.errors import InvalidArgumentError
from ._im2col import widen
from ._tiling import Geometry, box_slices, chunks
from ._window import both_shapes


def check_depthwise_shapes(x_shape, w_shape, op_name):
    rank = len(w_shape) - 2
    if len(w_shape) != 4:
        raise InvalidArgumentError(f"filter must be 4-dimensional: {both_shapes(x_shape, w_shape)} [Op:{op_name}]")
    if len(x_shape) != rank + 2:
        raise InvalidArgumentError(f"input must be {rank + 2}-dimensional: {both_shapes(x_shape, w_shape)} "
                                   f"[Op:{op_name}]")
    if x_shape[-1] is not None and w_shape[-2] is not None and x_shape[-1] != w_shape[-2]:
        raise InvalidArgumentError(f"input and filter must have the same depth: {x_shape[-1]} vs {w_shape[-2]} "
                                   f"{both_shapes(x_shape, w_shape)} [Op:{op_name}]")


def _valid(ranges, n0, n1):
    """(output slices within the box, input slices) of one tap."""
    out = (slice(None),) + tuple(slice(lo, hi) for lo, hi, _ in ranges)
    src = (slice(n0, n1),) + tuple(s for _, _, s in ranges)
    return out, src


def depthwise(x, w, *, strides, dilations, padding, op_name="DepthwiseConv2dNative"):
    xp = get_array_module(x, w)
    check_depthwise_shapes(x.shape, w.shape, op_name)
    geom = Geometry(x.shape[1:-1], w.shape[:-2], strides, dilations, padding, op_name)
    n, c, m = x.shape[0], x.shape[-1], w.shape[-1]
    out_dtype = x.dtype
    x, w = widen(x, w)
    out = xp.zeros((n, *geom.out_sizes, c, m), x.dtype)
    taps = w.reshape(-1, c, m)
    for box in chunks(n, geom.out_sizes, 2 * c * m * x.dtype.itemsize):
        block = out[box_slices(box)]
        for t, tap in enumerate(geom.taps):
            ranges = geom.tap_ranges(tap, box[1:])
            if ranges is not None:
                dst, src = _valid(ranges, *box[0])
                block[dst] += x[src][..., None] * taps[t]
    return out.reshape(n, *geom.out_sizes, c * m).astype(out_dtype, copy=False)


def depthwise_backprop_input(input_sizes, w, dy, *, strides, dilations, padding,
                             op_name="DepthwiseConv2dNativeBackpropInput"):
    xp = get_array_module(w, dy)
    x_shape = tuple(int(d) for d in np.asarray(input_sizes).tolist())
    check_depthwise_shapes(x_shape, w.shape, op_name)
    geom = _checked_geometry(x_shape, w.shape, dy.shape, strides, dilations, padding, op_name)
    n, c, m = x_shape[0], x_shape[-1], w.shape[-1]
    out_dtype = dy.dtype
    w, dy = widen(w, dy)
    dx = xp.zeros(x_shape, dy.dtype)
    grads = dy.reshape(n, *geom.out_sizes, c, m)
    taps = w.reshape(-1, c, m)
    for box in chunks(n, geom.out_sizes, 2 * c * m * dy.dtype.itemsize):
        block = grads[box_slices(box)]
        for t, tap in enumerate(geom.taps):
            ranges = geom.tap_ranges(tap, box[1:])
            if ranges is not None:
                dst, src = _valid(ranges, *box[0])
                part = block[dst]
                dx[src] += part[..., 0] * taps[t, :, 0] if m == 1 else (part * taps[t]).sum(axis=-1)
    return dx.astype(out_dtype, copy=False)


def depthwise_backprop_filter(x, filter_sizes, dy, *, strides, dilations, padding,
                              op_name="DepthwiseConv2dNativeBackpropFilter"):
    xp = get_array_module(x, dy)
    w_shape = tuple(int(d) for d in np.asarray(filter_sizes).tolist())
    check_depthwise_shapes(x.shape, w_shape, op_name)
    geom = _checked_geometry(x.shape, w_shape, dy.shape, strides, dilations, padding, op_name)
    n, c, m = x.shape[0], x.shape[-1], w_shape[-1]
    out_dtype = x.dtype
    x, dy = widen(x, dy)
    dw = xp.zeros((len(geom.taps), c, m), x.dtype)
    grads = dy.reshape(n, *geom.out_sizes, c, m)
    for box in chunks(n, geom.out_sizes, 2 * c * m * x.dtype.itemsize):
        block = grads[box_slices(box)]
        for t, tap in enumerate(geom.taps):
            ranges = geom.tap_ranges(tap, box[1:])
            if ranges is not None:
                dst, src = _valid(ranges, *box[0])
                inputs = x[src].reshape(-1, c)
                dw[t] += xp.einsum("pc,pcm->cm", inputs, block[dst].reshape(-1, c, m))
    return dw.reshape(w_shape).astype(out_dtype, copy=False)


def _checked_geometry(x_shape, w_shape, dy_shape, strides, dilations, padding, op_name):
    geom = Geometry(x_shape[1:-1], w_shape[:-2], strides, dilations, padding, op_name)
    want = (x_shape[0], *geom.out_sizes, x_shape[-1] * w_shape[-1])
    if tuple(dy_shape) != want:
        raise InvalidArgumentError(f"{op_name}: out_backprop has shape {list(dy_shape)} but the forward output "
                                   f"would be {list(want)} {both_shapes(x_shape, w_shape)} [Op:{op_name}]")
    return geom
