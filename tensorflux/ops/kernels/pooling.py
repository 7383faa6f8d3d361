"""Pooling, compiled: max and average pooling and their gradients, each window read in one pass.

Arrays are C-contiguous, channels-last and 3-D: ``[N, D, H, W, C]``. 2-D pooling runs here as
``[N, H, 1, W, C]`` (a 3-D pool of height 1), so that the first spatial axis, the one work is
split along, is the image's rows in both cases. ``window``, ``strides``, ``dilations`` and
``pads`` (padding before) are ``(d, h, w)`` tuples. Output position ``o`` reads through tap ``t``
the input element ``o * stride + t * dilation - pad`` on each axis; taps in the padding are
skipped (``_taps`` gives the real ones), so no padded copy of the input is made.

The channel loop is innermost and contiguous, so LLVM turns it into SIMD. Every output element
is computed by one thread, in the same order of taps whatever the thread count:

- ``max_pool`` and ``avg_pool`` share work by output rows (``max_pool_grad_grad``, needed only
  for second derivatives, runs on one thread);
- ``avg_pool_grad`` gathers, for each input element, the outputs that read it, by input rows;
- ``max_pool_grad`` adds each output's gradient at its window's first maximum, found afresh
  in ``x`` (``_first_max``). Windows may overlap, so threads share blocks of output rows whose
  windows write apart, in two rounds where neighbouring blocks' windows overlap: the order in
  which an element's parts are added is fixed by the shape, never by the thread count.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True)
def _taps(o, k, stride, dilation, pad, size):
    """``(start, lo, hi)``: window ``o`` starts at input ``start``; its taps ``lo <= t < hi`` read real input."""
    start = o * stride - pad
    lo = 0 if start >= 0 else (dilation - 1 - start) // dilation  # ceil(-start / dilation)
    hi = min(k, (size - 1 - start) // dilation + 1)  # floor division: may be <= lo (no real input)
    return start, lo, max(lo, hi)


@njit(cache=True, nogil=True)
def _reads(k, stride, dilation, pad, size, out_size):
    """``(offset, lo, hi)``: through tap ``k``, outputs ``lo <= o < hi`` read the real input ``o * stride + offset``."""
    offset = k * dilation - pad
    lo = 0 if offset >= 0 else (stride - 1 - offset) // stride  # ceil(-offset / stride)
    hi = min(out_size, (size - 1 - offset) // stride + 1)
    return offset, lo, max(lo, hi)


@njit(cache=True, nogil=True)
def _owned_start(k, chunks, block, stride, pad, size):
    """The first input row owned by block ``k`` of output rows: where its windows start (0 for the first)."""
    if k <= 0:
        return 0
    if k >= chunks:
        return size
    return min(max(k * block * stride - pad, 0), size)


@njit(cache=True, nogil=True)
def _first_max(x, n, d_span, h_span, w_span, dilations, best, at):
    """Fills ``best[c]``, each channel's maximum over a window's real taps, and ``at[c]``, which tap it is.

    Taps are counted in row-major window order over the real taps only (``_taps``' spans).
    Ties go to the first maximum (TF's rule), as ``>`` replaces only a larger value; a NaN
    replaces any value and stays, as it does in ``np.maximum``, and then ``at[c]`` is -1: the
    NumPy kernel finds no tap equal to a NaN maximum, so it routes nothing there.
    """
    (d0, dlo, dhi), (h0, hlo, hhi), (w0, wlo, whi) = d_span, h_span, w_span
    d, h, w = d0 + dlo * dilations[0], h0 + hlo * dilations[1], w0 + wlo * dilations[2]
    for c in range(x.shape[-1]):
        best[c] = x[n, d, h, w, c]
        at[c] = 0
    t = 0
    for i in range(dlo, dhi):
        d = d0 + i * dilations[0]
        for j in range(hlo, hhi):
            h = h0 + j * dilations[1]
            for k in range(wlo, whi):
                w = w0 + k * dilations[2]
                for c in range(x.shape[-1]):
                    v = x[n, d, h, w, c]
                    if v > best[c] or v != v:
                        best[c] = v
                        at[c] = t
                t += 1
    for c in range(x.shape[-1]):
        if best[c] != best[c]:
            at[c] = -1


@njit(cache=True, nogil=True, parallel=True)
def max_pool(x, out_sizes, window, strides, dilations, pads, lowest):
    """``[N, OD, OH, OW, C]``: each window's maximum over its real elements (``lowest`` if it has none)."""
    n_size, d_size, h_size, w_size, c_size = x.shape
    od_size, oh_size, ow_size = out_sizes
    out = np.empty((n_size, od_size, oh_size, ow_size, c_size), x.dtype)
    for row in prange(n_size * od_size * oh_size):
        n, od, oh = row // (od_size * oh_size), row // oh_size % od_size, row % oh_size
        d0, dlo, dhi = _taps(od, window[0], strides[0], dilations[0], pads[0], d_size)
        h0, hlo, hhi = _taps(oh, window[1], strides[1], dilations[1], pads[1], h_size)
        for ow in range(ow_size):
            w0, wlo, whi = _taps(ow, window[2], strides[2], dilations[2], pads[2], w_size)
            if dlo == dhi or hlo == hhi or wlo == whi:
                for c in range(c_size):
                    out[n, od, oh, ow, c] = lowest
                continue
            d, h, w = d0 + dlo * dilations[0], h0 + hlo * dilations[1], w0 + wlo * dilations[2]
            for c in range(c_size):
                out[n, od, oh, ow, c] = x[n, d, h, w, c]
            for i in range(dlo, dhi):
                d = d0 + i * dilations[0]
                for j in range(hlo, hhi):
                    h = h0 + j * dilations[1]
                    for k in range(wlo, whi):
                        w = w0 + k * dilations[2]
                        for c in range(c_size):
                            v = x[n, d, h, w, c]
                            if v > out[n, od, oh, ow, c] or v != v:  # NaN wins, as in np.maximum
                                out[n, od, oh, ow, c] = v
    return out


@njit(cache=True, nogil=True, parallel=True)
def max_pool_grad(x, dy, window, strides, dilations, pads, tiles):
    """``[N, D, H, W, C]``: each output's gradient ``dy`` added at its window's first maximum.

    Windows may overlap, so threads share blocks of output rows (along D) whose windows write
    apart: a block is the fewest rows whose stride passes a window's reach, and owns the input
    rows from where its first window starts (``_owned_start``), so its windows reach at most
    into the next block's rows. When they do (windows overlap along D), even blocks run first,
    each zeroing its own and the next block's rows, then odd ones add onto them; otherwise every
    block runs at once and zeroes its own. When the windows ``tiles`` the input (each element in
    exactly one), each element is written once, gradient or zero, and nothing is zeroed first.
    """
    n_size, d_size, h_size, w_size, c_size = x.shape
    od_size, oh_size, ow_size = dy.shape[1:4]
    dx = np.empty_like(x)
    zero = dx.dtype.type(0)
    reach = (window[0] - 1) * dilations[0]
    block = reach // strides[0] + 1
    chunks = (od_size + block - 1) // block
    rounds = 1 if strides[0] > reach else 2
    for parity in range(rounds):
        per_image = (chunks - parity + rounds - 1) // rounds
        for item in prange(n_size * per_image):
            n, b = item // per_image, item % per_image * rounds + parity
            if parity == 0 and not tiles:
                lo = _owned_start(b, chunks, block, strides[0], pads[0], d_size)
                hi = _owned_start(b + rounds, chunks, block, strides[0], pads[0], d_size)
                dx[n, lo:hi] = 0
            best = np.empty(c_size, x.dtype)
            at = np.empty(c_size, np.int32)
            for od in range(b * block, min(b * block + block, od_size)):
                d_span = _taps(od, window[0], strides[0], dilations[0], pads[0], d_size)
                for oh in range(oh_size):
                    h_span = _taps(oh, window[1], strides[1], dilations[1], pads[1], h_size)
                    for ow in range(ow_size):
                        w_span = _taps(ow, window[2], strides[2], dilations[2], pads[2], w_size)
                        (d0, dlo, dhi), (h0, hlo, hhi), (w0, wlo, whi) = d_span, h_span, w_span
                        if dlo == dhi or hlo == hhi or wlo == whi:
                            continue  # all padding: no maximum to route to
                        _first_max(x, n, d_span, h_span, w_span, dilations, best, at)
                        t = 0
                        for i in range(dlo, dhi):
                            d = d0 + i * dilations[0]
                            for j in range(hlo, hhi):
                                h = h0 + j * dilations[1]
                                for k in range(wlo, whi):
                                    w = w0 + k * dilations[2]
                                    for c in range(c_size):
                                        if tiles:
                                            dx[n, d, h, w, c] = dy[n, od, oh, ow, c] if at[c] == t else zero
                                        elif at[c] == t:
                                            dx[n, d, h, w, c] += dy[n, od, oh, ow, c]
                                    t += 1
    return dx


@njit(cache=True, nogil=True)
def max_pool_grad_grad(x, values, out_sizes, window, strides, dilations, pads):
    """``[N, OD, OH, OW, C]``: ``values`` (shaped as ``x``) at each window's first maximum (0 where there is none).

    Only second derivatives need it (gradient checks, gradient penalties), so it runs on one
    thread: a parallel loop would cost a second of compilation for little.
    """
    n_size, d_size, h_size, w_size, c_size = x.shape
    od_size, oh_size, ow_size = out_sizes
    out = np.empty((n_size, od_size, oh_size, ow_size, c_size), values.dtype)
    best = np.empty(c_size, x.dtype)
    at = np.empty(c_size, np.int32)
    for row in range(n_size * od_size * oh_size):
        n, od, oh = row // (od_size * oh_size), row // oh_size % od_size, row % oh_size
        d_span = _taps(od, window[0], strides[0], dilations[0], pads[0], d_size)
        h_span = _taps(oh, window[1], strides[1], dilations[1], pads[1], h_size)
        for ow in range(ow_size):
            w_span = _taps(ow, window[2], strides[2], dilations[2], pads[2], w_size)
            (d0, dlo, dhi), (h0, hlo, hhi), (w0, wlo, whi) = d_span, h_span, w_span
            for c in range(c_size):
                out[n, od, oh, ow, c] = 0
            if dlo == dhi or hlo == hhi or wlo == whi:
                continue
            _first_max(x, n, d_span, h_span, w_span, dilations, best, at)
            t = 0
            for i in range(dlo, dhi):
                d = d0 + i * dilations[0]
                for j in range(hlo, hhi):
                    h = h0 + j * dilations[1]
                    for k in range(wlo, whi):
                        w = w0 + k * dilations[2]
                        for c in range(c_size):
                            if at[c] == t:
                                out[n, od, oh, ow, c] = values[n, d, h, w, c]
                        t += 1
    return out


@njit(cache=True, nogil=True, parallel=True)
def avg_pool(x, out_sizes, window, strides, dilations, pads):
    """``[N, OD, OH, OW, C]``: each window's sum, in tap order, divided by its number of real elements."""
    n_size, d_size, h_size, w_size, c_size = x.shape
    od_size, oh_size, ow_size = out_sizes
    out = np.empty((n_size, od_size, oh_size, ow_size, c_size), x.dtype)
    for row in prange(n_size * od_size * oh_size):
        n, od, oh = row // (od_size * oh_size), row // oh_size % od_size, row % oh_size
        d0, dlo, dhi = _taps(od, window[0], strides[0], dilations[0], pads[0], d_size)
        h0, hlo, hhi = _taps(oh, window[1], strides[1], dilations[1], pads[1], h_size)
        for ow in range(ow_size):
            w0, wlo, whi = _taps(ow, window[2], strides[2], dilations[2], pads[2], w_size)
            for c in range(c_size):
                out[n, od, oh, ow, c] = 0
            for i in range(dlo, dhi):
                d = d0 + i * dilations[0]
                for j in range(hlo, hhi):
                    h = h0 + j * dilations[1]
                    for k in range(wlo, whi):
                        w = w0 + k * dilations[2]
                        for c in range(c_size):
                            out[n, od, oh, ow, c] += x[n, d, h, w, c]
            count = x.dtype.type((dhi - dlo) * (hhi - hlo) * (whi - wlo))
            for c in range(c_size):
                out[n, od, oh, ow, c] /= count
    return out


@njit(cache=True, nogil=True, parallel=True)
def avg_pool_grad(dy, in_sizes, window, strides, dilations, pads):
    """``[N, D, H, W, C]``: each output's gradient spread evenly over the real elements of its window.

    First the gradients are divided by their windows' counts; then each input row gathers the
    outputs that read it, tap by tap (so each element sums its parts in tap order, on one thread).
    """
    n_size, od_size, oh_size, ow_size, c_size = dy.shape
    d_size, h_size, w_size = in_sizes
    scaled = np.empty_like(dy)
    for row in prange(n_size * od_size * oh_size):
        n, od, oh = row // (od_size * oh_size), row // oh_size % od_size, row % oh_size
        _, dlo, dhi = _taps(od, window[0], strides[0], dilations[0], pads[0], d_size)
        _, hlo, hhi = _taps(oh, window[1], strides[1], dilations[1], pads[1], h_size)
        for ow in range(ow_size):
            _, wlo, whi = _taps(ow, window[2], strides[2], dilations[2], pads[2], w_size)
            count = dy.dtype.type((dhi - dlo) * (hhi - hlo) * (whi - wlo))
            for c in range(c_size):
                scaled[n, od, oh, ow, c] = dy[n, od, oh, ow, c] / count
    dx = np.empty((n_size, d_size, h_size, w_size, c_size), dy.dtype)
    for row in prange(n_size * d_size * h_size):
        n, d, h = row // (d_size * h_size), row // h_size % d_size, row % h_size
        for w in range(w_size):
            for c in range(c_size):
                dx[n, d, h, w, c] = 0
        for i in range(window[0]):
            t = d + pads[0] - i * dilations[0]  # = od * stride when output od reads row d through tap i
            if t < 0 or t % strides[0] != 0 or t // strides[0] >= od_size:
                continue
            od = t // strides[0]
            for j in range(window[1]):
                t = h + pads[1] - j * dilations[1]
                if t < 0 or t % strides[1] != 0 or t // strides[1] >= oh_size:
                    continue
                oh = t // strides[1]
                for k in range(window[2]):
                    offset, lo, hi = _reads(k, strides[2], dilations[2], pads[2], w_size, ow_size)
                    for ow in range(lo, hi):
                        w = ow * strides[2] + offset
                        for c in range(c_size):
                            dx[n, d, h, w, c] += scaled[n, od, oh, ow, c]
    return dx
