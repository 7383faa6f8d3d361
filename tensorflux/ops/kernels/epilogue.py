"""The epilogue of a convolution layer in one pass: ``clamp(x * scale + shift, low, high)`` per channel.

``x`` and ``out`` are ``[rows, C]``; ``scale`` and ``shift`` are ``[C]``. The multiply and the add
round separately (no fused multiply-add), so the result is bit for bit what NumPy's ``Mul`` then
``AddV2`` then ``Relu``/``Relu6`` give — but for the sign of a zero (ReLU may leave -0.0, which
equals 0.0). A NaN stays NaN, as in ``np.maximum`` and ``np.clip``.
"""

from numba import njit, prange

ROWS_PER_BLOCK = 64  # a block of rows per parallel task: enough work to amortise the task


@njit(cache=True, nogil=True, parallel=True)
def affine_clamp(x, scale, shift, low, high, out):
    rows, channels = x.shape
    for block in prange((rows + ROWS_PER_BLOCK - 1) // ROWS_PER_BLOCK):
        for r in range(block * ROWS_PER_BLOCK, min(rows, (block + 1) * ROWS_PER_BLOCK)):
            for c in range(channels):
                v = x[r, c] * scale[c] + shift[c]
                if v < low:
                    v = low
                if v > high:
                    v = high
                out[r, c] = v
