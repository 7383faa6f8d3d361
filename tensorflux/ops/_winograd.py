"""Winograd F(2x2, 3x3) for 3x3 stride-1 convolutions (``kernels/winograd.py``): 16 products per
2x2 outputs instead of 36, for as many additions more. Per chunk of tiles, each on one thread:
the compiled transforms and 16 single-threaded BLAS products (one batched matmul):

- forward:          M[k] = V[k] @ U[k]           ([tiles, C] @ [C, O]), then the output transform;
- input gradient:   the forward's, on dy with the filter turned (see conv_backprop_input);
- filter gradient:  dU[k] += V[k]^T @ dM[k]      ([C, tiles] @ [tiles, O], per fixed block of
                    chunks as on the im2col path), then ``G^T dU G``.

Its rounding error is of im2col's order (the transforms multiply by 1 and 1/2 only): in float32,
at most 7e-7 of the largest output, against im2col's 5e-7 (F(4x4, 3x3), with 36 products per
4x4 outputs, would reach 8e-6). With fewer channels the products are too narrow for BLAS:
32 -> 32 ran slower than im2col, 64 -> 32 as fast, 32 -> 64 and up faster (measured).

Used by ``_im2col`` for NumPy float arrays; the tests compare it with the im2col path.
"""

from __future__ import annotations

import numpy as np

from . import kernels
from ._tiling import BUDGET_BYTES, fixed_blocks, run_on_threads

IN_CHANNELS = 32
OUT_CHANNELS = 64
TILES = 128  # tiles per chunk: [128, C] @ [C, O] products ran fastest, 64 to 128 channels
FILTER_TILES = 256  # the filter gradient's products sum over tiles: longer sums ran faster
_G = np.array([[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]])
_kernels = kernels.lazy("winograd")


def fits(geom, c_in, c_out, groups) -> bool:
    """Whether a convolution of ``c_in`` channels into ``c_out`` runs faster by Winograd."""
    return (geom.rank == 2 and geom.window == (3, 3) and geom.strides == (1, 1)
            and geom.dilations == (1, 1) and groups == 1 and c_in >= IN_CHANNELS
            and c_out >= OUT_CHANNELS)


class _Tiles:
    """The 2x2 output tiles of a convolution ``[N, OH, OW]``, in chunks of ``size`` consecutive tiles."""

    def __init__(self, n, out_h, out_w, c, o, dtype, size):
        self.h, self.w = -(-out_h // 2), -(-out_w // 2)
        self.total = n * self.h * self.w
        self.size = max(1, min(size, BUDGET_BYTES // 8 // (16 * (c + o) * dtype.itemsize)))
        self.chunks = -(-self.total // self.size)
        self.c, self.o, self.dtype = c, o, dtype

    def buffers(self):
        """One thread's: the input's transform ``[16, size, C]`` and the products' ``[16, size, O]``."""
        return np.empty(16 * self.size * self.c, self.dtype), np.empty(16 * self.size * self.o, self.dtype)

    def views(self, i, buffers):
        """``(first tile, V, M)`` of chunk ``i``, in a thread's buffers."""
        start = i * self.size
        count = min(self.size, self.total - start)
        return (start, buffers[0][:16 * count * self.c].reshape(16, count, self.c),
                buffers[1][:16 * count * self.o].reshape(16, count, self.o))


def convolve(x, w, pads, out):
    """Fills ``out`` ``[N, OH, OW, O]`` with the 3x3 stride-1 convolution of ``x`` by ``w``, padded ``pads`` before."""
    c, o = x.shape[-1], w.shape[-1]
    tiles = _Tiles(x.shape[0], out.shape[1], out.shape[2], c, o, x.dtype, TILES)
    # G g G^T, computed in float64 and rounded once: [16, C, O], C-ordered whatever w's strides (a
    # turned filter's transposed [C, O] blocks made BLAS 30% slower)
    u = np.einsum("ai,ijco,bj->abco", _G, w, _G, dtype=np.float64).astype(x.dtype, order="C")
    u = u.reshape(16, c, o)
    x = np.ascontiguousarray(x)

    def work(i, buffers):
        start, v, m = tiles.views(i, buffers)
        _kernels.transform_input(x, v, start, tiles.h, tiles.w, *pads)
        np.matmul(v, u, out=m)
        _kernels.transform_output(m, out, start, tiles.h, tiles.w)

    run_on_threads(tiles.chunks, work, tiles.buffers)


def filter_gradient(x, dy, pads, w_shape):
    """d(loss)/d(filter) ``[3, 3, C, O]`` of the 3x3 stride-1 convolution of ``x``, padded ``pads`` before."""
    c, o = x.shape[-1], dy.shape[-1]
    tiles = _Tiles(x.shape[0], dy.shape[1], dy.shape[2], c, o, x.dtype, FILTER_TILES)
    x, dy = np.ascontiguousarray(x), np.ascontiguousarray(dy)
    blocks = fixed_blocks(tiles.chunks, 16 * c * o * x.dtype.itemsize)
    partials = np.empty((len(blocks), 16, c, o), x.dtype)

    def work(b, buffers):
        for i in range(tiles.chunks)[blocks[b]]:
            start, v, dm = tiles.views(i, buffers)
            _kernels.transform_input(x, v, start, tiles.h, tiles.w, *pads)
            _kernels.transform_gradient(dy, dm, start, tiles.h, tiles.w)
            if i == blocks[b].start:  # the block's first product is its partial sum
                np.matmul(v.transpose(0, 2, 1), dm, out=partials[b])
            else:
                partials[b] += v.transpose(0, 2, 1) @ dm

    run_on_threads(len(blocks), work, tiles.buffers)
    du = partials[0]
    for partial in partials[1:]:
        du += partial
    # G^T dU G, in float64 and rounded once
    dw = np.einsum("ai,abco,bj->ijco", _G, du.reshape(4, 4, c, o), _G, dtype=np.float64)
    return dw.astype(x.dtype).reshape(w_shape)
