"""Pooling kernels on channels-last arrays: compiled for NumPy arrays, one NumPy pass per window tap otherwise.

Max pooling keeps, per output position, the largest input its window reads; its gradient goes
to the first maximum in row-major window order (TF's choice). Average pooling divides by the
number of real, unpadded elements in each window, as TF does for SAME padding.

Each public kernel dispatches: NumPy arrays of the dtypes the compiled kernels take
(``ops/kernels/pooling.py``: every window read in one pass, on every core) go there; other
arrays (CuPy's, half precision) take the ``_xp_*`` kernels here, which are also the oracle the
compiled ones are tested against. Those take one tap at a time as a strided view (see
``_tiling``) over bounded chunks, so padding is never materialised and nothing loops over
pixels; the gradient finds each first maximum again by comparing each tap with the pooled
output (``_first_maxima``).
"""

from __future__ import annotations

import math

import numpy as np

from ..framework.backend import get_array_module
from . import kernels
from ._im2col import compute_dtype
from ._tiling import Geometry, box_slices, chunks

_compiled = kernels.lazy("pooling")

_FLOATS = kernels.FLOATS
# Max pooling only compares, so integers compile too (each dtype on its first use).
_MAX_DTYPES = _FLOATS + tuple(np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16))


def max_pool(x, *, window, strides, dilations, padding, op_name="MaxPool"):
    geom = Geometry(x.shape[1:-1], window, strides, dilations, padding, op_name)
    if _compiles(geom, x, dtypes=_MAX_DTYPES):
        out = _compiled.max_pool(_as_3d(x), *_args_3d(geom, outs=True), x.dtype.type(lowest(x.dtype)))
        return out.reshape(x.shape[0], *geom.out_sizes, x.shape[-1])
    return _xp_max_pool(x, geom)


def max_pool_grad(x, y, dy, *, window, strides, dilations, padding, op_name="MaxPoolGrad"):
    """Routes each output gradient to the input element its window's first maximum came from.

    The compiled kernel finds each window's first maximum in ``x`` directly (as TF's CPU kernel
    does, reading ``y`` for its shape only); the NumPy one finds ``y`` again by equality.
    """
    geom = Geometry(x.shape[1:-1], window, strides, dilations, padding, op_name)
    if _compiles(geom, x, dy):
        dx = _compiled.max_pool_grad(_as_3d(x), _as_3d(dy), *_args_3d(geom), _tiles(geom))
        return dx.reshape(x.shape)
    return _xp_max_pool_grad(x, y, dy, geom)


def max_pool_grad_grad(x, y, h, *, window, strides, dilations, padding, op_name="MaxPoolGradGrad"):
    """The adjoint of ``max_pool_grad``: picks, per output position, ``h`` at its window's first maximum."""
    geom = Geometry(x.shape[1:-1], window, strides, dilations, padding, op_name)
    if _compiles(geom, x, h):
        out = _compiled.max_pool_grad_grad(_as_3d(x), _as_3d(h), *_args_3d(geom, outs=True))
        return out.reshape(y.shape)
    return _xp_max_pool_grad_grad(x, y, h, geom)


def avg_pool(x, *, window, strides, dilations, padding, op_name="AvgPool"):
    geom = Geometry(x.shape[1:-1], window, strides, dilations, padding, op_name)
    if _compiles(geom, x):
        out = _compiled.avg_pool(_as_3d(x), *_args_3d(geom, outs=True))
        return out.reshape(x.shape[0], *geom.out_sizes, x.shape[-1])
    return _xp_avg_pool(x, geom)


def avg_pool_grad(input_sizes, dy, *, window, strides, dilations, padding, op_name="AvgPoolGrad"):
    """Spreads each output gradient evenly over the real elements of its window."""
    x_shape = tuple(int(d) for d in np.asarray(input_sizes).tolist())
    geom = Geometry(x_shape[1:-1], window, strides, dilations, padding, op_name)
    if _compiles(geom, dy) and math.prod(x_shape):
        ins = _spatial_3d(geom.in_sizes, 1)
        dx = _compiled.avg_pool_grad(_as_3d(dy), ins, *_args_3d(geom))
        return dx.reshape(x_shape)
    return _xp_avg_pool_grad(x_shape, dy, geom)


# ---------------------------------------------------------------------------------------------
# The compiled kernels' arguments: 3-D, with 2-D pooling as a 3-D pool of height 1.

def _compiles(geom, *arrays, dtypes=_FLOATS) -> bool:
    """Whether the compiled kernels take these arrays: NumPy's, of one dtype they handle, not empty."""
    dtype = arrays[0].dtype
    return (geom.rank in (2, 3) and dtype in dtypes and all(type(a) is np.ndarray and a.dtype == dtype and a.size
                                                            for a in arrays))


def _spatial_3d(sizes, middle):
    """``(d, h, w)`` of 3-D sizes; 2-D ``(h, w)`` becomes ``(h, middle, w)``, so rows stay the first axis."""
    sizes = tuple(int(s) for s in sizes)
    return sizes if len(sizes) == 3 else (sizes[0], middle, sizes[1])


def _as_3d(a):
    """A read-only, C-contiguous ``[N, D, H, W, C]`` view; a 2-D ``[N, H, W, C]`` array as ``[N, H, 1, W, C]``.

    Read-only always, as tensors' arrays may be: Numba compiles writable and read-only arrays
    separately, so one kind halves what it compiles.
    """
    a = np.ascontiguousarray(a)
    view = a.reshape(a.shape if a.ndim == 5 else (a.shape[0], a.shape[1], 1, *a.shape[2:]))
    view.flags.writeable = False
    return view


def _args_3d(geom, outs=False):
    """``(window, strides, dilations, pads before)`` as 3-D tuples, after the output sizes if ``outs``."""
    args = (_spatial_3d(geom.window, 1), _spatial_3d(geom.strides, 1), _spatial_3d(geom.dilations, 1),
            _spatial_3d((before for before, _ in geom.pads), 0))
    return (_spatial_3d(geom.out_sizes, 1), *args) if outs else args


# ---------------------------------------------------------------------------------------------
# The NumPy/CuPy kernels: one strided view per window tap.

def lowest(dtype):
    """The value padding stands for in max pooling: -inf, or the smallest integer."""
    return -np.inf if dtype.kind == "f" or dtype.name == "bfloat16" else np.iinfo(dtype).min


def _tap_views(geom, box):
    """``(t, output slices within the box, input slices)`` for each tap that reads real input in ``box``."""
    (n0, n1), spatial = box[0], box[1:]
    for t, tap in enumerate(geom.taps):
        ranges = geom.tap_ranges(tap, spatial)
        if ranges is not None:
            yield (t, (slice(None),) + tuple(slice(lo, hi) for lo, hi, _ in ranges),
                   (slice(n0, n1),) + tuple(s for _, _, s in ranges))


def _boxes(geom, n, c, itemsize):
    return chunks(n, geom.out_sizes, 4 * c * max(itemsize, 4))


def _xp_max_pool(x, geom):
    xp = get_array_module(x)
    n, c = x.shape[0], x.shape[-1]
    out = xp.empty((n, *geom.out_sizes, c), x.dtype)
    for box in _boxes(geom, n, c, x.dtype.itemsize):
        block = out[box_slices(box)]
        started = False
        for _, dst, src in _tap_views(geom, box):
            view = block[dst]
            if not started and view.shape == block.shape:  # a first tap that covers the box: copy, not compare
                xp.copyto(block, x[src])
            else:
                if not started:
                    block[...] = lowest(x.dtype)
                xp.maximum(view, x[src], out=view)
            started = True
        if not started:
            block[...] = lowest(x.dtype)
    return out


def _first_maxima(x, y, geom, box):
    """Per tap: ``(t, dst, src, mask)``, mask marking the outputs of ``box`` whose first maximum is that tap.

    A window's maximum ``y`` is found again by equality, in row-major window order; positions
    already matched by an earlier tap are skipped, so ties go to the first, as in TF.
    """
    xp = get_array_module(x)
    maxima = y[box_slices(box)]
    found = xp.zeros(maxima.shape, bool)
    last = len(geom.taps) - 1
    for t, dst, src in _tap_views(geom, box):
        mask = xp.equal(x[src], maxima[dst])
        seen = found[dst]
        xp.greater(mask, seen, out=mask)  # equal here and not at an earlier tap
        if t < last:
            seen |= mask
        yield t, dst, src, mask


def _tiles(geom) -> bool:
    """Whether every input element belongs to exactly one window (then no element of the gradient needs a zero)."""
    return all(s == k and d == 1 and size == out * k and before == 0
               for k, s, d, size, out, (before, _) in zip(geom.window, geom.strides, geom.dilations, geom.in_sizes,
                                                          geom.out_sizes, geom.pads))


def _disjoint(geom) -> bool:
    """Whether no input element belongs to two windows (then each tap's gradient can be written, not added)."""
    return all(s >= (k - 1) * d + 1 for k, s, d in zip(geom.window, geom.strides, geom.dilations))


def _xp_max_pool_grad(x, y, dy, geom):
    xp = get_array_module(x, dy)
    n, c = x.shape[0], x.shape[-1]
    dx = (xp.empty if _tiles(geom) else xp.zeros)(x.shape, compute_dtype(dy.dtype))
    disjoint = _disjoint(geom)
    for box in _boxes(geom, n, c, x.dtype.itemsize):
        grads = dy[box_slices(box)]
        for _, dst, src, mask in _first_maxima(x, y, geom, box):
            if disjoint:
                xp.multiply(grads[dst], mask, out=dx[src])
            else:
                dx[src] += grads[dst] * mask
    return dx.astype(dy.dtype, copy=False)


def _xp_max_pool_grad_grad(x, y, h, geom):
    xp = get_array_module(x, h)
    n, c = x.shape[0], x.shape[-1]
    out = xp.zeros(y.shape, h.dtype)
    for box in _boxes(geom, n, c, x.dtype.itemsize):
        block = out[box_slices(box)]
        for _, dst, src, mask in _first_maxima(x, y, geom, box):
            xp.copyto(block[dst], h[src], where=mask)
    return out


def window_counts(geom, dtype, xp=np):
    """How many real (unpadded) elements each output window holds: ``[*out_spatial, 1]``."""
    counts = xp.ones((), dtype)
    for axis, (size, k, s, d, (before, _), out) in enumerate(zip(
            geom.in_sizes, geom.window, geom.strides, geom.dilations, geom.pads, geom.out_sizes)):
        index = xp.arange(out)[:, None] * s + xp.arange(k)[None, :] * d - before
        per_axis = ((index >= 0) & (index < size)).sum(axis=1).astype(dtype)
        counts = counts[..., None] * per_axis if axis else per_axis
    return counts[..., None]


def _xp_avg_pool(x, geom):
    xp = get_array_module(x)
    n, c = x.shape[0], x.shape[-1]
    dtype = compute_dtype(x.dtype)
    out = xp.zeros((n, *geom.out_sizes, c), dtype)
    for box in _boxes(geom, n, c, x.dtype.itemsize):
        block = out[box_slices(box)]
        for _, dst, src in _tap_views(geom, box):
            block[dst] += x[src]
    if out.size:
        if any(b or a for b, a in geom.pads):
            out /= window_counts(geom, dtype, xp)
        else:
            out /= xp.asarray(math.prod(geom.window), dtype)
    return out.astype(x.dtype, copy=False)


def _xp_avg_pool_grad(x_shape, dy, geom):
    xp = get_array_module(dy)
    n, c = x_shape[0], x_shape[-1]
    dtype = compute_dtype(dy.dtype)
    dx = xp.zeros(x_shape, dtype)
    if dy.size == 0 or dx.size == 0:
        return dx.astype(dy.dtype, copy=False)
    scaled = dy.astype(dtype) / window_counts(geom, dtype, xp)
    for box in _boxes(geom, n, c, dy.dtype.itemsize):
        grads = scaled[box_slices(box)]
        for _, dst, src in _tap_views(geom, box):
            dx[src] += grads[dst]
    return dx.astype(dy.dtype, copy=False)
