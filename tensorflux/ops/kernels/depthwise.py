"""Depthwise convolution, compiled: every window tap of an output position in one pass over memory.

Arrays are channels-last: ``x`` is ``[N, H, W, C]``, the filter ``w`` is ``[KH, KW, C, M]`` and
the output ``[N, OH, OW, C * M]`` (channel ``c * M + m`` is input channel ``c`` through
``w[..., c, m]``). Output position ``(oh, ow)`` reads, through tap ``(i, j)``, the input element
``(oh * sh + i * dh - ph, ow * sw + j * dw - pw)``; taps that fall into the padding are skipped
by bounds checks, so no padded copy of the input is made.

The compiled loops see one filter per channel (``M == 1``, MobileNet's case), with the channel
loop innermost and contiguous in every array, so LLVM turns it into SIMD. A channel multiplier
``M > 1`` reaches them as ``M == 1`` on ``C * M`` channels, with the input repeated ``M`` times
along its channels (``_per_output_channel``): a copy, for a rare case. A 3x3 window inside the
input sums its nine taps in registers; elsewhere (borders, other windows) one tap at a time into
the output position's channels, which stay in L1. The unstrided input gradient is the forward
loop itself, on the filter turned by half a turn.

Threads share work by whole rows (``prange`` over batch x rows): each output element is summed
by one thread, in tap order, so results do not depend on the thread count. The filter gradient,
a sum over batch and positions, is summed per fixed block of rows (``ROW_BLOCK``, never one
block per thread) and the blocks' partial sums are added in block order.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .epilogue import affine_clamp_row

# Output rows per partial sum of the filter gradient: the blocks depend on the shape only, never
# on the thread count. Eight rows of a 112-wide image are ~900 positions per partial: work enough
# to share among threads, few enough partials (KH * KW * C each) to add up cheaply.
ROW_BLOCK = 8


def forward(x, w, out_h, out_w, sh, sw, dh, dw, ph, pw, epilogue):
    """``[N, OH, OW, C * M]``: ``x`` ``[N, H, W, C]`` convolved with ``w`` ``[KH, KW, C, M]``.

    ``epilogue`` (``ops/_epilogue.py``, or None) is applied to each position's channels while
    they are in L1: a batch norm and ReLU6 after the convolution cost no pass of their own.
    """
    x = _per_output_channel(x, w.shape[3])
    fused = epilogue is not None
    scale, shift, low, high = epilogue if fused else _NO_EPILOGUE[x.dtype.char]
    return _forward(x, _taps(w), out_h, out_w, sh, sw, dh, dw, ph, pw, fused, scale, shift, low, high)


# Placeholders of the epilogue's types when there is none: one compiled version serves both cases.
_NO_EPILOGUE = {np.dtype(t).char: (np.empty(0, t), np.empty(0, t), np.dtype(t).type(0), np.dtype(t).type(0))
                for t in (np.float32, np.float64)}


def backprop_input(dy, w, in_h, in_w, sh, sw, dh, dw, ph, pw):
    """``[N, H, W, C]``: the gradient of ``forward`` with respect to ``x``, given ``dy`` ``[N, OH, OW, C * M]``."""
    kh, kw, c, m = w.shape
    dy = np.ascontiguousarray(dy)
    if sh == sw == 1:
        # Unstrided, input row ih gets dy row ih + ph - i * dh through tap row i: the forward
        # loop on dy, with the taps in reverse order and the padding of the window's far side.
        taps = np.ascontiguousarray(_taps(w)[::-1, ::-1])
        dx = _forward(dy, taps, in_h, in_w, 1, 1, dh, dw, (kh - 1) * dh - ph, (kw - 1) * dw - pw, False,
                      *_NO_EPILOGUE[dy.dtype.char])
    else:
        dx = _backprop_input(dy, _taps(w), in_h, in_w, sh, sw, dh, dw, ph, pw)
    return dx if m == 1 else dx.reshape(*dx.shape[:3], c, m).sum(axis=-1)


def backprop_filter(x, dy, kh, kw, m, sh, sw, dh, dw, ph, pw):
    """``[KH, KW, C, M]``: the gradient of ``forward`` with respect to ``w``, given ``dy`` ``[N, OH, OW, C * M]``."""
    c = x.shape[3]
    grad = _backprop_filter(_per_output_channel(x, m), np.ascontiguousarray(dy), kh, kw, sh, sw, dh, dw, ph, pw)
    return grad.reshape(kh, kw, c, m)


def _per_output_channel(x, m):
    """``x`` with each channel repeated ``m`` times (channel ``c * m + k`` is ``x[..., c]``), C-contiguous."""
    return np.ascontiguousarray(x) if m == 1 else np.repeat(x, m, axis=3)


def _taps(w):
    """``[KH, KW, C * M]``, C-contiguous: one filter per (repeated) channel."""
    kh, kw, c, m = w.shape
    return np.ascontiguousarray(w).reshape(kh, kw, c * m)


@njit(cache=True, nogil=True, parallel=True)
def _forward(x, w, out_h, out_w, sh, sw, dh, dw, ph, pw, fused, scale, shift, low, high):
    n_size, h_size, w_size, c_size = x.shape
    kh, kw = w.shape[0], w.shape[1]
    out = np.empty((n_size, out_h, out_w, c_size), x.dtype)
    for row in prange(n_size * out_h):
        n, oh = row // out_h, row % out_h
        ih0 = oh * sh - ph
        rows_inside = ih0 >= 0 and ih0 + (kh - 1) * dh < h_size
        for ow in range(out_w):
            acc = out[n, oh, ow]  # one position's channels: stays in L1 across the taps
            iw0 = ow * sw - pw
            if kh == 3 and kw == 3 and rows_inside and iw0 >= 0 and iw0 + 2 * dw < w_size:
                # A 3x3 window inside the input (MobileNet's, at most positions): all nine taps
                # summed in registers, in tap order, and stored once.
                x0, x1, x2 = x[n, ih0], x[n, ih0 + dh], x[n, ih0 + 2 * dh]
                a, b, d = iw0, iw0 + dw, iw0 + 2 * dw
                for c in range(c_size):
                    acc[c] = (x0[a, c] * w[0, 0, c] + x0[b, c] * w[0, 1, c] + x0[d, c] * w[0, 2, c]
                              + x1[a, c] * w[1, 0, c] + x1[b, c] * w[1, 1, c] + x1[d, c] * w[1, 2, c]
                              + x2[a, c] * w[2, 0, c] + x2[b, c] * w[2, 1, c] + x2[d, c] * w[2, 2, c])
                if fused:
                    affine_clamp_row(acc, scale, shift, low, high, acc)
                continue
            for c in range(c_size):
                acc[c] = 0
            for i in range(kh):
                ih = ih0 + i * dh
                if ih < 0 or ih >= h_size:
                    continue
                for j in range(kw):
                    iw = iw0 + j * dw
                    if iw < 0 or iw >= w_size:
                        continue
                    src, tap = x[n, ih, iw], w[i, j]
                    for c in range(c_size):
                        acc[c] += src[c] * tap[c]
            if fused:
                affine_clamp_row(acc, scale, shift, low, high, acc)
    return out


@njit(cache=True, nogil=True, parallel=True)
def _backprop_input(dy, w, in_h, in_w, sh, sw, dh, dw, ph, pw):
    # Strided: gathers, for each input position, the output positions that read it. Rows of
    # ``dx`` are independent (no scatter), so they are shared among threads like the forward's.
    n_size, out_h, out_w, c_size = dy.shape
    kh, kw = w.shape[0], w.shape[1]
    rows = _readers(in_h, kh, out_h, sh, dh, ph)
    cols = _readers(in_w, kw, out_w, sw, dw, pw)
    dx = np.empty((n_size, in_h, in_w, c_size), dy.dtype)
    for row in prange(n_size * in_h):
        n, ih = row // in_h, row % in_h
        for iw in range(in_w):
            acc = dx[n, ih, iw]
            for c in range(c_size):
                acc[c] = 0
            for i in range(kh):
                oh = rows[ih, i]
                if oh < 0:
                    continue
                for j in range(kw):
                    ow = cols[iw, j]
                    if ow < 0:
                        continue
                    grad, tap = dy[n, oh, ow], w[i, j]
                    for c in range(c_size):
                        acc[c] += grad[c] * tap[c]
    return dx


@njit(cache=True, nogil=True)
def _readers(in_size, k, out_size, stride, dilation, pad):
    """``[in_size, k]``: along one axis, the output index that reads input index ``p`` through tap ``t``, or -1.

    Tabled once per call, so the pixel loops do no integer division.
    """
    table = np.full((in_size, k), -1, np.int64)
    for p in range(in_size):
        for t in range(k):
            q = p + pad - t * dilation  # = o * stride, for the output o that reads p through t
            if q >= 0 and q % stride == 0 and q // stride < out_size:
                table[p, t] = q // stride
    return table


@njit(cache=True, nogil=True, parallel=True)
def _backprop_filter(x, dy, kh, kw, sh, sw, dh, dw, ph, pw):
    n_size, h_size, w_size, c_size = x.shape
    out_h, out_w = dy.shape[1], dy.shape[2]
    per_image = (out_h + ROW_BLOCK - 1) // ROW_BLOCK
    blocks = n_size * per_image
    partials = np.empty((blocks, kh, kw, c_size), x.dtype)
    for b in prange(blocks):
        n, first = b // per_image, (b % per_image) * ROW_BLOCK
        acc = partials[b]  # KH * KW * C sums: stays in L1
        for i in range(kh):
            for j in range(kw):
                for c in range(c_size):
                    acc[i, j, c] = 0
        for oh in range(first, min(first + ROW_BLOCK, out_h)):
            for ow in range(out_w):
                grad = dy[n, oh, ow]
                for i in range(kh):
                    ih = oh * sh + i * dh - ph
                    if ih < 0 or ih >= h_size:
                        continue
                    for j in range(kw):
                        iw = ow * sw + j * dw - pw
                        if iw < 0 or iw >= w_size:
                            continue
                        src, tap = x[n, ih, iw], acc[i, j]
                        for c in range(c_size):
                            tap[c] += src[c] * grad[c]
    # The partials in block order, by one thread (each is KH * KW * C: small beside x).
    total = np.zeros((kh, kw, c_size), x.dtype)
    for b in range(blocks):
        for i in range(kh):
            for j in range(kw):
                for c in range(c_size):
                    total[i, j, c] += partials[b, i, j, c]
    return total
