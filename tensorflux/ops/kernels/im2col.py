"""im2col and its adjoint (col2im), compiled: the copies around a convolution's matrix products.

Every rank runs as 3-D: ``x`` is C-contiguous ``[N, D, H, W, C]`` (a 2-D input is ``[N, 1, H, W, C]``)
and ``geo`` is the tuple ``(OD, OH, OW, KD, KH, KW, sd, sh, sw, dd, dh, dw, pd, ph, pw)`` of output
sizes, window, strides, dilations and leading pads, so one specialisation per dtype serves
conv1d/2d/3d and every geometry. Output position ``(od, oh, ow)`` reads, through tap
``(i, j, k)``, the input element ``(od * sd + i * dd - pd, oh * sh + j * dh - ph, ow * sw + k * dw - pw)``;
a tap that falls into the padding reads 0 (bounds checks: no padded copy of the input is made).

A chunk is a run of output positions starting at flat index ``start`` of ``[N, OD, OH, OW]``.
Its columns hold, for each position, its ``K = KD * KH * KW`` taps of ``C`` channels, either
position-major ``[count, K * C]`` or tap-major ``[K * C, count]`` (for few channels: a
position-major row would be copied a few floats at a time; tap-major rows are long).

The kernels are serial (``nogil``): the caller runs one chunk per thread, each packed into and
multiplied out of its own core's cache (``_im2col``). They index flat arrays with unsigned
offsets: Numba then drops its negative-index wraparound, and LLVM vectorises the innermost
copies (2-3x faster than the same loops on signed indices, or on slices of the arrays).
"""

from __future__ import annotations

from numba import njit, uint64


@njit(cache=True, nogil=True)
def pack_positions(x, cols, start, geo):
    """Fills ``cols[p, t * C + c]`` (position-major) for output positions ``start .. start + len(cols)``."""
    _, d_size, h_size, w_size, c_size = x.shape
    od_size, oh_size, ow_size, kd, kh, kw, sd, sh, sw, dd, dh, dw, pd, ph, pw = geo
    src, dst = x.reshape(-1), cols.reshape(-1)
    stop = start + cols.shape[0]
    run = uint64(kw * c_size)  # one (i, j) row of taps: contiguous in x too when none is in the padding
    channels = uint64(c_size)
    at = uint64(0)
    for row in range(start // ow_size, (stop - 1) // ow_size + 1):
        oh, rest = row % oh_size, row // oh_size
        n, od = rest // od_size, rest % od_size
        base = row * ow_size
        for q in range(max(base, start), min(base + ow_size, stop)):
            iw0 = (q - base) * sw - pw
            whole = dw == 1 and iw0 >= 0 and iw0 + kw <= w_size
            for i in range(kd):
                id_ = od * sd + i * dd - pd
                for j in range(kh):
                    ih = oh * sh + j * dh - ph
                    if id_ < 0 or id_ >= d_size or ih < 0 or ih >= h_size:
                        for c in range(run):
                            dst[at + c] = 0
                    elif whole:
                        read = uint64((((n * d_size + id_) * h_size + ih) * w_size + iw0) * c_size)
                        for c in range(run):
                            dst[at + c] = src[read + c]
                    else:
                        row_start = ((n * d_size + id_) * h_size + ih) * w_size
                        for k in range(kw):
                            iw = iw0 + k * dw
                            write = at + uint64(k * c_size)
                            if 0 <= iw < w_size:
                                read = uint64((row_start + iw) * c_size)
                                for c in range(channels):
                                    dst[write + c] = src[read + c]
                            else:
                                for c in range(channels):
                                    dst[write + c] = 0
                    at += run


@njit(cache=True, nogil=True)
def pack_taps(x, cols, start, geo):
    """Fills ``cols[t * C + c, p]`` (tap-major) for output positions ``start .. start + cols.shape[1]``."""
    _, d_size, h_size, w_size, c_size = x.shape
    od_size, oh_size, ow_size, kd, kh, kw, sd, sh, sw, dd, dh, dw, pd, ph, pw = geo
    src, dst = x.reshape(-1), cols.reshape(-1)
    count = cols.shape[1]
    stop = start + count
    step = uint64(sw * c_size)
    for row in range(start // ow_size, (stop - 1) // ow_size + 1):
        oh, rest = row % oh_size, row // oh_size
        n, od = rest // od_size, rest % od_size
        base = row * ow_size
        lo, hi = max(base, start) - base, min(base + ow_size, stop) - base  # this row's ow in the chunk
        t = 0
        for i in range(kd):
            id_ = od * sd + i * dd - pd
            for j in range(kh):
                ih = oh * sh + j * dh - ph
                inside = 0 <= id_ < d_size and 0 <= ih < h_size
                row_start = ((n * d_size + id_) * h_size + ih) * w_size
                for k in range(kw):
                    # the ow whose tap k lands inside the input row: [first, last)
                    offset = k * dw - pw
                    first = min(hi, max(lo, -(offset // sw))) if inside else hi
                    last = max(first, min(hi, (w_size - 1 - offset) // sw + 1))
                    for c in range(c_size):
                        write = uint64((t * c_size + c) * count + base + lo - start)  # at ow = lo
                        for u in range(uint64(first - lo)):
                            dst[write + u] = 0
                        for u in range(uint64(last - lo), uint64(hi - lo)):
                            dst[write + u] = 0
                        if last > first:
                            write += uint64(first - lo)
                            read = uint64((row_start + first * sw + offset) * c_size + c)
                            for u in range(uint64(last - first)):
                                dst[write + u] = src[read + u * step]
                    t += 1


@njit(cache=True, nogil=True)
def add_positions(dx, cols, start, geo):
    """The adjoint of ``pack_positions``: adds each ``cols[p, t * C:(t + 1) * C]`` onto the input element read.

    Walks the input rows the chunk reaches and gathers, for each, the chunk's output rows that
    read it: every element's taps are added in tap order, as ``_tiling.add_windows`` adds them.
    """
    _, d_size, h_size, w_size, c_size = dx.shape
    od_size, oh_size, ow_size, kd, kh, kw, sd, sh, sw, dd, dh, dw, pd, ph, pw = geo
    dst, src = dx.reshape(-1), cols.reshape(-1)
    kc = cols.shape[1]
    channels = uint64(c_size)
    stop = start + cols.shape[0]
    # the input rows the chunk's first and last output rows can reach (a superset: rows that
    # receive nothing cost a few index checks)
    first_row, last_row = start // ow_size, (stop - 1) // ow_size
    n0, od0 = first_row // oh_size // od_size, first_row // oh_size % od_size
    n1, od1 = last_row // oh_size // od_size, last_row // oh_size % od_size
    first = (n0 * d_size + min(max(od0 * sd - pd, 0), d_size - 1)) * h_size
    last = (n1 * d_size + min(max(od1 * sd - pd + (kd - 1) * dd, 0), d_size - 1)) * h_size + h_size
    for in_row in range(first, last):
        ih, rest = in_row % h_size, in_row // h_size
        n, id_ = rest // d_size, rest % d_size
        for i in range(kd):
            a = id_ + pd - i * dd  # = od * sd when output plane od reads this input plane
            if a < 0 or a % sd != 0 or a // sd >= od_size:
                continue
            for j in range(kh):
                b = ih + ph - j * dh
                if b < 0 or b % sh != 0 or b // sh >= oh_size:
                    continue
                base = ((n * od_size + a // sd) * oh_size + b // sh) * ow_size
                for k in range(kw):
                    tap = ((i * kh + j) * kw + k) * c_size
                    for q in range(max(base, start), min(base + ow_size, stop)):
                        iw = (q - base) * sw + k * dw - pw
                        if 0 <= iw < w_size:
                            write = uint64((in_row * w_size + iw) * c_size)
                            read = uint64((q - start) * kc + tap)
                            for c in range(channels):
                                dst[write + c] += src[read + c]
