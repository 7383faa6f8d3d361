"""The epilogue of a convolution layer: ``clamp(x * scale + shift, low, high)`` per channel.

``x`` and ``out`` are ``[rows, C]`` (they may be the same array); ``scale`` and ``shift`` are
``[C]``; ``low`` and ``high`` are scalars of the arrays' dtype. The multiply and the add round
separately (no fused multiply-add), so the result is bit for bit what NumPy's ``Mul`` then
``AddV2`` then ``Relu``/``Relu6`` give — but for the sign of a zero (ReLU may leave -0.0, which
equals 0.0). A NaN stays NaN, as in ``np.maximum`` and ``np.clip``.

``affine_clamp_row`` serves a kernel that applies the epilogue while its output is still in
cache (the depthwise convolution, each chunk of an im2col product); ``affine_clamp`` is the
stand-alone pass over a whole tensor, on every core.
"""

from numba import njit, prange

ROWS_PER_BLOCK = 64  # a block of rows per parallel task: enough work to amortise the task


@njit(cache=True, nogil=True, inline="always")
def affine_clamp_row(x, scale, shift, low, high, out):
    for c in range(x.size):
        v = x[c] * scale[c] + shift[c]
        if v < low:
            v = low
        if v > high:
            v = high
        out[c] = v


@njit(cache=True, nogil=True)
def affine_clamp_rows(x, scale, shift, low, high, out):
    for r in range(x.shape[0]):
        affine_clamp_row(x[r], scale, shift, low, high, out[r])


@njit(cache=True, nogil=True, parallel=True)
def affine_clamp(x, scale, shift, low, high, out):
    rows = x.shape[0]
    for block in prange((rows + ROWS_PER_BLOCK - 1) // ROWS_PER_BLOCK):
        lo, hi = block * ROWS_PER_BLOCK, min(rows, (block + 1) * ROWS_PER_BLOCK)
        affine_clamp_rows(x[lo:hi], scale, shift, low, high, out[lo:hi])
