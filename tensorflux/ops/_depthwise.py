"""Depthwise convolution kernels on channels-last arrays.

``x`` is ``[N, *in_spatial, C]``, the filter ``w`` is ``[*window, C, M]`` and the output is
``[N, *out_spatial, C * M]`` (channel ``c * M + m`` is input channel ``c`` through ``w[..., c, m]``).
Each channel meets only its own filter, so there is no matrix multiply to hand to BLAS.

NumPy float32/float64 arrays (half precision widened to float32) go to the compiled loops of
``ops/kernels/depthwise.py``, which visit every window tap of a position in one pass over memory,
on every core. Other arrays (CuPy's) take the ``_xp_*`` kernels here, which are also the tests'
oracle: they loop over the few window taps and do one broadcast multiply-add per tap over a
chunk of positions (``_tiling.chunks``), which keeps the chunk in cache across taps.
"""

from __future__ import annotations

import numpy as np

from ..framework.backend import get_array_module
from ..framework.errors import InvalidArgumentError
from . import _epilogue, kernels
from ._im2col import widen
from ._tiling import Geometry, box_slices, chunks
from ._window import both_shapes

_compiled = kernels.lazy("depthwise")


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


def depthwise(x, w, *, strides, dilations, padding, op_name="DepthwiseConv2dNative", epilogue=None):
    """The depthwise convolution; ``epilogue`` (``_epilogue.Epilogue``) is applied to its output, if given."""
    check_depthwise_shapes(x.shape, w.shape, op_name)
    geom = Geometry(x.shape[1:-1], w.shape[:-2], strides, dilations, padding, op_name)
    out_dtype = x.dtype
    x, w = widen(x, w)
    if _compiles(x, w) and (epilogue is None or epilogue.scale.dtype == x.dtype):
        out = _compiled.forward(x, w, *geom.out_sizes, *_steps(geom), epilogue)
        return out.astype(out_dtype, copy=False)
    return _epilogue.apply(_xp_depthwise(x, w, geom), epilogue).astype(out_dtype, copy=False)


def depthwise_backprop_input(input_sizes, w, dy, *, strides, dilations, padding,
                             op_name="DepthwiseConv2dNativeBackpropInput"):
    x_shape = tuple(int(d) for d in np.asarray(input_sizes).tolist())
    check_depthwise_shapes(x_shape, w.shape, op_name)
    geom = _checked_geometry(x_shape, w.shape, dy.shape, strides, dilations, padding, op_name)
    out_dtype = dy.dtype
    w, dy = widen(w, dy)
    if _compiles(w, dy):
        dx = _compiled.backprop_input(dy, w, *geom.in_sizes, *_steps(geom))
        return dx.astype(out_dtype, copy=False)
    return _xp_depthwise_backprop_input(x_shape, w, dy, geom).astype(out_dtype, copy=False)


def depthwise_backprop_filter(x, filter_sizes, dy, *, strides, dilations, padding,
                              op_name="DepthwiseConv2dNativeBackpropFilter"):
    w_shape = tuple(int(d) for d in np.asarray(filter_sizes).tolist())
    check_depthwise_shapes(x.shape, w_shape, op_name)
    geom = _checked_geometry(x.shape, w_shape, dy.shape, strides, dilations, padding, op_name)
    out_dtype = x.dtype
    x, dy = widen(x, dy)
    if _compiles(x, dy):
        dw = _compiled.backprop_filter(x, dy, *geom.window, w_shape[-1], *_steps(geom))
        return dw.astype(out_dtype, copy=False)
    return _xp_depthwise_backprop_filter(x, w_shape, dy, geom).astype(out_dtype, copy=False)


# ---------------------------------------------------------------------------------------------
# The compiled kernels' arguments.

def _compiles(a, b) -> bool:
    """Whether the compiled kernels take these (widened) arrays: NumPy's, both float32 or both float64."""
    return type(a) is np.ndarray and type(b) is np.ndarray and a.dtype == b.dtype and a.dtype in _COMPILED_DTYPES


_COMPILED_DTYPES = kernels.FLOATS


def _steps(geom):
    """``(sh, sw, dh, dw, ph, pw)`` as plain ints: one compiled specialisation for every geometry."""
    return (*(int(s) for s in geom.strides), *(int(d) for d in geom.dilations),
            *(int(before) for before, _ in geom.pads))


# ---------------------------------------------------------------------------------------------
# The NumPy/CuPy kernels: the path for CuPy arrays and other dtypes, and the oracle of the tests.

def _xp_depthwise(x, w, geom):
    """The forward op on widened arrays, one broadcast multiply-add per tap and chunk."""
    xp = get_array_module(x, w)
    n, c, m = x.shape[0], x.shape[-1], w.shape[-1]
    out = xp.zeros((n, *geom.out_sizes, c, m), x.dtype)
    taps = w.reshape(-1, c, m)
    for box in chunks(n, geom.out_sizes, 2 * c * m * x.dtype.itemsize):
        block = out[box_slices(box)]
        for t, tap in enumerate(geom.taps):
            ranges = geom.tap_ranges(tap, box[1:])
            if ranges is not None:
                dst, src = _valid(ranges, *box[0])
                block[dst] += x[src][..., None] * taps[t]
    return out.reshape(n, *geom.out_sizes, c * m)


def _xp_depthwise_backprop_input(x_shape, w, dy, geom):
    """The input gradient on widened arrays."""
    xp = get_array_module(w, dy)
    n, c, m = x_shape[0], x_shape[-1], w.shape[-1]
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
    return dx


def _xp_depthwise_backprop_filter(x, w_shape, dy, geom):
    """The filter gradient on widened arrays."""
    xp = get_array_module(x, dy)
    n, c, m = x.shape[0], x.shape[-1], w_shape[-1]
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
    return dw.reshape(w_shape)


def _checked_geometry(x_shape, w_shape, dy_shape, strides, dilations, padding, op_name):
    geom = Geometry(x_shape[1:-1], w_shape[:-2], strides, dilations, padding, op_name)
    want = (x_shape[0], *geom.out_sizes, x_shape[-1] * w_shape[-1])
    if tuple(dy_shape) != want:
        raise InvalidArgumentError(f"{op_name}: out_backprop has shape {list(dy_shape)} but the forward output "
                                   f"would be {list(want)} {both_shapes(x_shape, w_shape)} [Op:{op_name}]")
    return geom
