"""Winograd F(2x2, 3x3), compiled: the input and output transforms around a 3x3 convolution's 16 products.

A 3x3 stride-1 convolution computes each 2x2 block of outputs (a tile) from the 4x4 inputs under
it. With ``d`` that 4x4 patch (per channel) and ``g`` a 3x3 filter, the tile is
``A^T [(G g G^T) * (B^T d B)] A``: 16 products per tile and channel pair instead of 36, where

    B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]
    G   = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]
    A^T = [[1, 1, 1, 0], [0, 1, -1, -1]]

Summed over input channels, the 16 element-wise products become 16 matrix products
``M[k] = V[k] @ U[k]`` (``[tiles, C] @ [C, O]``), which the caller gives to BLAS. These kernels do
the rest for a run of tiles starting at flat index ``start`` of ``[N, tiles_h, tiles_w]``:

- ``transform_input``: ``V[k, t, c]`` from ``x`` ``[N, H, W, C]`` (C-contiguous), tile ``(th, tw)``
  reading rows ``2 th - ph ...`` and columns ``2 tw - pw ...``; zeros outside ``x`` (the padding);
- ``transform_output``: ``y[n, 2 th + a, 2 tw + b, :]`` from ``M[k, t, :]``, leaving out the rows and
  columns of the last tiles that fall beyond the output.

Each of a tile's sums is one loop over the channels, on unsigned offsets into flat arrays, which
LLVM vectorises (``_combine``). The filter's transform (``G g G^T``) is NumPy's, in ``_im2col``.
"""

from __future__ import annotations

import numpy as np
from numba import njit, uint64


@njit(cache=True, nogil=True)
def _combine(dst, at, a, a_at, sign, b, b_at, channels):
    """``dst[at + c] = a[a_at + c] + sign * b[b_at + c]`` over the channels (``sign`` is +-1: exact).

    One of the transforms' 16 sums per loop keeps each loop to two reads and one write, which
    LLVM vectorises; one loop doing all 16 has too many pairs of arrays that might overlap to
    check, and stays scalar (8x slower, measured)."""
    sign = dst.dtype.type(sign)
    for c in range(channels):
        dst[at + c] = a[a_at + c] + sign * b[b_at + c]


# B^T's rows as (first, sign, second): row r of B^T d is d[first] + sign * d[second]
_BT = ((0, -1, 2), (1, 1, 2), (2, -1, 1), (1, -1, 3))


@njit(cache=True, nogil=True)
def _input_tile(data, rows, columns, channels, t, dst, write, plane):
    """``B^T d B`` of one 4x4 patch into ``dst`` (component ``k`` at ``write + k * plane``): element
    ``(i, j)`` of the patch is ``data[rows[i] + columns[j] + c]``; ``t`` is scratch ``[16 * C]``.

    The loops run ``len(rows)`` (4) times, a count LLVM does not know: it then keeps one copy of
    the vectorised channel loop instead of unrolling 32 (compiles faster, runs as fast).
    """
    four = len(rows)
    for i in range(four):  # t = B^T d, row by row
        first, sign, second = _BT[i]
        for j in range(four):
            _combine(t, uint64(i * 4 + j) * channels, data, rows[first] + columns[j], sign,
                     data, rows[second] + columns[j], channels)
    at = write
    for i in range(four):  # V = t B: column k of V is t[:, first] + sign * t[:, second]
        for k in range(four):
            first, sign, second = _BT[k]
            _combine(dst, at, t, uint64(i * 4 + first) * channels, sign, t, uint64(i * 4 + second) * channels,
                     channels)
            at += plane


@njit(cache=True, nogil=True)
def transform_input(x, v, start, tiles_h, tiles_w, ph, pw):
    """Fills ``v`` ``[16, T, C]`` with ``B^T d B`` of tiles ``start .. start + T``."""
    _, h_size, w_size, c_size = x.shape
    count = v.shape[1]
    src, dst = x.reshape(-1), v.reshape(-1)
    channels = uint64(c_size)
    plane = uint64(count * c_size)  # from one of the 16 components to the next in v
    patch = np.zeros(16 * c_size, x.dtype)  # a border tile's 4x4 inputs, zeros in the padding
    scratch = np.empty(16 * c_size, x.dtype)
    rows, columns = np.empty(4, np.uint64), np.empty(4, np.uint64)
    for t in range(count):
        tile = start + t
        tw, rest = tile % tiles_w, tile // tiles_w
        n, th = rest // tiles_h, rest % tiles_h
        h0, w0 = 2 * th - ph, 2 * tw - pw
        if 0 <= h0 and h0 + 4 <= h_size and 0 <= w0 and w0 + 4 <= w_size:
            data = src
            for i in range(4):
                rows[i] = uint64(((n * h_size + h0 + i) * w_size + w0) * c_size)
                columns[i] = uint64(i * c_size)
        else:  # a border tile: its inputs gathered into the patch first
            data = patch
            patch[:] = 0
            for i in range(4):
                h = h0 + i
                rows[i], columns[i] = uint64(i * 4 * c_size), uint64(i * c_size)
                for j in range(4):
                    w = w0 + j
                    if 0 <= h < h_size and 0 <= w < w_size:
                        read = uint64(((n * h_size + h) * w_size + w) * c_size)
                        into = uint64((i * 4 + j) * c_size)
                        for c in range(channels):
                            patch[into + c] = src[read + c]
        _input_tile(data, rows, columns, channels, scratch, dst, uint64(t * c_size), plane)


@njit(cache=True, nogil=True)
def _combine3(dst, at, a, a_at, sign, b, b_at, b2_at, channels):
    """``dst[at + c] = a[a_at + c] + sign * (b[b_at + c] + b[b2_at + c])``: one of the output transform's sums."""
    sign = dst.dtype.type(sign)
    for c in range(channels):
        dst[at + c] = a[a_at + c] + sign * (b[b_at + c] + b[b2_at + c])


# A^T's rows as (first, sign, second, third): row r of A^T M is M[first] + sign * (M[second] + M[third])
_AT = ((0, 1, 1, 2), (1, -1, 2, 3))


@njit(cache=True, nogil=True)
def transform_output(m, y, start, tiles_h, tiles_w):
    """Writes ``A^T M A`` of tiles ``start .. start + T`` (``m`` ``[16, T, O]``) into ``y`` ``[N, OH, OW, O]``."""
    _, oh_size, ow_size, o_size = y.shape
    count = m.shape[1]
    src, dst = m.reshape(-1), y.reshape(-1)
    channels = uint64(o_size)
    plane = uint64(count * o_size)
    u = np.empty(8 * o_size, y.dtype)  # A^T M: 2 rows of 4
    for t in range(count):
        tile = start + t
        tw, rest = tile % tiles_w, tile // tiles_w
        n, th = rest // tiles_h, rest % tiles_h
        read = uint64(t * o_size)
        for a in range(2):  # u = A^T M
            first, sign, second, third = _AT[a]
            for j in range(4):
                _combine3(u, uint64(a * 4 + j) * channels, src, read + uint64(first * 4 + j) * plane, sign,
                          src, read + uint64(second * 4 + j) * plane, read + uint64(third * 4 + j) * plane, channels)
        for a in range(2):  # y = u A, leaving out what falls beyond the output's last row / column
            h = 2 * th + a
            if h >= oh_size:
                continue
            for b in range(2):
                w = 2 * tw + b
                if w >= ow_size:
                    continue
                first, sign, second, third = _AT[b]
                _combine3(dst, uint64(((n * oh_size + h) * ow_size + w) * o_size), u, uint64(a * 4 + first) * channels,
                          sign, u, uint64(a * 4 + second) * channels, uint64(a * 4 + third) * channels, channels)


# A's rows over (first, sign, second) of [row 0, row 1, zeros]: row r of A dY is dY[first] + sign * dY[second]
_A = ((0, 1, 2), (0, 1, 1), (0, -1, 1), (2, -1, 1))


@njit(cache=True, nogil=True)
def transform_gradient(dy, g, start, tiles_h, tiles_w):
    """Fills ``g`` ``[16, T, O]`` with ``A dY A^T`` of tiles ``start .. start + T`` of ``dy`` ``[N, OH, OW, O]``:
    the gradient of the products ``M`` given the outputs' (the adjoint of ``transform_output``;
    outputs beyond the last row or column have none)."""
    _, oh_size, ow_size, o_size = dy.shape
    count = g.shape[1]
    src, dst = dy.reshape(-1), g.reshape(-1)
    channels = uint64(o_size)
    plane = uint64(count * o_size)
    patch = np.zeros(9 * o_size, dy.dtype)  # the tile's 2x2 gradients in a 3x3 grid whose last row and column are 0
    t = np.zeros(12 * o_size, dy.dtype)  # A dY: 4 rows of 3, the last column 0
    for k in range(count):
        tile = start + k
        tw, rest = tile % tiles_w, tile // tiles_w
        n, th = rest // tiles_h, rest % tiles_h
        for a in range(2):
            for b in range(2):
                h, w = 2 * th + a, 2 * tw + b
                into = uint64((a * 3 + b) * o_size)
                if h < oh_size and w < ow_size:
                    read = uint64(((n * oh_size + h) * ow_size + w) * o_size)
                    for c in range(channels):
                        patch[into + c] = src[read + c]
                else:
                    for c in range(channels):
                        patch[into + c] = 0
        for i in range(4):  # t = A dY (its last column stays 0)
            first, sign, second = _A[i]
            for b in range(2):
                _combine(t, uint64(i * 3 + b) * channels, patch, uint64(first * 3 + b) * channels, sign,
                         patch, uint64(second * 3 + b) * channels, channels)
        at = uint64(k * o_size)
        for i in range(4):  # t A^T: column j is t[:, first] + sign * t[:, second]
            for j in range(4):
                first, sign, second = _A[j]
                _combine(dst, at, t, uint64(i * 3 + first) * channels, sign, t, uint64(i * 3 + second) * channels,
                         channels)
                at += plane
