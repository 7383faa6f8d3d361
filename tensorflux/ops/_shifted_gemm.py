"""Stride-1 convolution without im2col: a sum of shifted matrix products over the padded input.

Lay a zero-padded input out as rows of channels, row ``(n, h, w) = (n * Hp + h) * Wp + w``. With
stride 1, output position ``(n, oh, ow)`` reads through tap ``(i, j)`` the input row
``(n, oh + i*d, ow + j*d)``, which is output row ``q = (n * Hp + oh) * Wp + ow`` plus a constant
``shift = i*d*Wp + j*d``. Computing the output on that same padded grid, tap ``t`` adds
``rows[q + shift_t] @ w[t]`` to row ``q``: a contiguous slice of the input times a small matrix,
with no copy at all. Grid rows that are not output positions are computed and dropped (a few
percent for a 3x3 window on a large image). Every spatial rank works the same way.

The transposed convolution (the input gradient of a stride-1 conv) is the same sum with the
window flipped, each tap's matrix transposed and the padding mirrored.

When SciPy is installed its ``?gemm`` accumulates each product straight into the output rows
(``beta=1``); otherwise each product goes through a small buffer and an add.
"""

from __future__ import annotations

import math

import numpy as np

from ..framework.backend import get_array_module
from . import _tiling

# The per-tap products need enough channels to run near BLAS speed, and the grid rows computed
# and dropped must be few. Measured against im2col (one strided copy per chunk) on an idle 2-core
# machine, 3x3 convs, stride 1, SAME: 64->64 at 56x56 (grid 7% larger than the output) forward
# 46.7 vs 50.2 ms and input gradient 45.5 vs 54.6 ms; at 14x14 (31% larger) im2col won by 20%,
# 512 channels included.
MIN_CHANNELS = 64
MAX_WASTE = 1.1  # largest ratio of grid rows computed to output rows kept
_GEMM = {}  # dtype -> scipy's accumulating gemm, or None where SciPy is missing


def _accumulating_gemm(dtype):
    if dtype not in _GEMM:
        try:
            from scipy.linalg import blas

            _GEMM[dtype] = {np.dtype(np.float32): blas.sgemm, np.dtype(np.float64): blas.dgemm}.get(dtype)
        except ImportError:
            _GEMM[dtype] = None
    return _GEMM[dtype]


def usable(x, strides, groups, out_sizes, reach, out_channels) -> bool:
    """Whether a convolution takes this path: stride 1, no groups, float32/64 on the CPU, enough channels,
    few wasted grid rows (``reach`` is the window's extent minus one per axis), and a band of one
    output row small enough for ``BUDGET_BYTES``."""
    if not (all(s == 1 for s in strides) and groups == 1 and type(x) is np.ndarray
            and x.dtype in (np.float32, np.float64) and x.shape[-1] >= MIN_CHANNELS):
        return False
    grid = [o + r for o, r in zip(out_sizes, reach)]
    band = (1 + reach[0]) * math.prod(grid[1:]) * (2 * x.shape[-1] + out_channels) * x.dtype.itemsize
    return band <= _tiling.BUDGET_BYTES and math.prod(grid) <= MAX_WASTE * math.prod(out_sizes)


def _fill_slab(slab, x, n0, rows, pads):
    """``slab`` = the padded input of examples ``n0:n0+len(slab)`` over padded rows ``rows`` (axis 1), zeros around.

    ``pads`` are ``(before, after)`` per spatial axis; negative values crop the input instead.
    """
    region, source = [slice(None)], [slice(n0, n0 + slab.shape[0])]
    for axis, (before, _) in enumerate(pads):
        lo, hi = (rows if axis == 0 else (0, slab.shape[axis + 1]))
        size = x.shape[axis + 1]
        start, stop = max(lo, before), min(hi, before + size)  # padded coords holding input
        if start >= stop:
            slab[...] = 0
            return
        offset = lo if axis == 0 else 0
        lead = (slice(None),) * (axis + 1)
        if start > lo:
            slab[lead + (slice(0, start - lo),)] = 0
        if stop < hi:
            slab[lead + (slice(stop - lo, None),)] = 0
        region.append(slice(start - offset, stop - offset))
        source.append(slice(start - before, stop - before))
    slab[tuple(region)] = x[tuple(source)]


def correlate(x, taps, window, dilations, pads):
    """``y[n, o] = sum_t x_padded[n, o + t * d] @ taps[t]`` for stride 1.

    ``x``: ``[N, *S, C]``; ``taps``: ``[K, C, O]`` in the row-major order of ``window``; ``pads``:
    ``(before, after)`` per spatial axis (negative crops). Returns ``[N, *out, O]``.
    """
    xp = get_array_module(x)
    n, *sizes, c = x.shape
    o = taps.shape[-1]
    padded = [s + b + a for s, (b, a) in zip(sizes, pads)]
    reach = [(k - 1) * d for k, d in zip(window, dilations)]
    outs = [p - r for p, r in zip(padded, reach)]
    out = xp.empty((n, *outs, o), x.dtype)
    if out.size == 0:
        return out
    if c == 0:
        out[...] = 0
        return out
    plane = math.prod(padded[1:])  # rows per padded position of the first spatial axis
    steps = [math.prod(padded[a + 1:]) for a in range(len(padded))]
    shifts = [sum(t * d * s for t, d, s in zip(tap, dilations, steps)) for tap in np.ndindex(*window)]
    row_bytes = (c + o) * x.dtype.itemsize * plane
    gemm = _accumulating_gemm(x.dtype)
    for n0, n1, r0, r1 in _boxes(n, outs[0], reach[0], row_bytes):
        rows_in = r1 - r0 + reach[0]
        slab = xp.empty((n1 - n0, rows_in, *padded[1:], c), x.dtype)
        _fill_slab(slab, x, n0, (r0, r0 + rows_in), pads)
        flat = slab.reshape(-1, c)
        count = flat.shape[0] - shifts[-1]
        acc = xp.empty((flat.shape[0], o), x.dtype)
        _sum_of_shifted_products(flat, taps, shifts, acc, count, gemm)
        grid = acc.reshape(n1 - n0, rows_in, *padded[1:], o)
        out[n0:n1, r0:r1] = grid[(slice(None), slice(0, r1 - r0)) + tuple(slice(0, s) for s in outs[1:])]
    return out


def _sum_of_shifted_products(flat, taps, shifts, acc, count, gemm):
    if gemm is not None:  # acc.T, flat.T and taps[t].T are Fortran-ordered views: BLAS writes acc in place
        target = acc[:count].T
        for t, shift in enumerate(shifts):
            result = gemm(1.0, taps[t].T, flat[shift:shift + count].T, beta=1.0 if t else 0.0, c=target,
                          overwrite_c=1)
            if not np.may_share_memory(result, target):  # SciPy had to copy: keep its result
                target[...] = result
        return
    np.matmul(flat[shifts[0]:shifts[0] + count], taps[0], out=acc[:count])
    scratch = np.empty((count, taps.shape[-1]), acc.dtype)
    for t in range(1, len(shifts)):
        np.matmul(flat[shifts[t]:shifts[t] + count], taps[t], out=scratch)
        acc[:count] += scratch


def _boxes(n, out0, reach0, row_bytes):
    """``(n0, n1, r0, r1)``: whole examples per box while they fit ``CHUNK_BYTES``, else bands of output rows."""
    chunk_bytes = _tiling.CHUNK_BYTES
    per_example = (out0 + reach0) * row_bytes
    if per_example <= chunk_bytes:
        step = max(1, chunk_bytes // per_example)
        for n0 in range(0, n, step):
            yield n0, min(n, n0 + step), 0, out0
        return
    band = max(1, chunk_bytes // row_bytes - reach0)
    for n0 in range(n):
        for r0 in range(0, out0, band):
            yield n0, n0 + 1, r0, min(out0, r0 + band)


def conv(x, w, dilations, pads):
    """Stride-1 convolution: ``w`` is ``[*window, C, O]``."""
    window = w.shape[:-2]
    return correlate(x, w.reshape(-1, *w.shape[-2:]), window, dilations, pads)


def conv_transpose(dy, w, in_sizes, dilations, pads):
    """The input gradient of a stride-1 convolution: the flipped, transposed window over ``dy``."""
    window = w.shape[:-2]
    flipped = w[(slice(None, None, -1),) * len(window)].reshape(-1, *w.shape[-2:])
    taps = np.ascontiguousarray(flipped.transpose(0, 2, 1))
    mirrored = []
    for k, d, (before, _), size, out in zip(window, dilations, pads, in_sizes, dy.shape[1:-1]):
        reach = (k - 1) * d
        mirrored.append((reach - before, size - out + before))
    return correlate(dy, taps, window, dilations, mirrored)
