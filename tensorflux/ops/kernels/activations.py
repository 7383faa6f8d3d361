"""Activation kernels: Relu, Relu6 and their gradients (TF's ReluGrad and Relu6Grad).

Each is one pass over memory, on every core: the arrays arrive flattened (C-contiguous) and are
cut into fixed blocks of ``BLOCK`` elements, which ``prange`` shares among the threads; each
element is computed alone, so the result does not depend on the thread count. A kernel writes
into ``out`` (allocated by the caller) and gives the bits of its NumPy expression in ``ops/nn.py``
(the oracle, and the CuPy path) — NaN, infinities and the sign of zero included:

- ``relu``: ``np.maximum(x, 0)`` — NaN stays NaN, -0.0 becomes 0.0;
- ``relu6``: ``np.clip(x, 0, 6)`` — NaN stays NaN, -0.0 stays -0.0;
- ``relu_grad``: ``g * (y > 0)`` and ``relu6_grad``: ``g * ((x > 0) & (x < 6))`` — a product, as in
  TF's kernels, so a NaN gradient stays NaN where the mask is 0, and ``-g * 0`` is -0.0. Neither
  kink (0, 6) passes the gradient, as in TF.

Constants take the array's dtype (``x.dtype.type``), so float32 work stays float32 and vectorises.
"""

from __future__ import annotations

from numba import njit, prange

BLOCK = 1 << 15  # elements per parallel task: 128 KB of float32


@njit(cache=True, nogil=True, parallel=True)
def relu(x, out):
    """``out = max(x, 0)`` over 1-D contiguous arrays."""
    n = x.size
    zero = x.dtype.type(0)
    for b in prange((n + BLOCK - 1) // BLOCK):
        lo, hi = b * BLOCK, min(n, (b + 1) * BLOCK)
        xs, os = x[lo:hi], out[lo:hi]  # a view per block: indices from 0, so the loop vectorises
        for i in range(hi - lo):
            v = xs[i]
            os[i] = zero if v <= zero else v  # NaN <= 0 is False: NaN passes, as through np.maximum
    return out


@njit(cache=True, nogil=True, parallel=True)
def relu6(x, out):
    """``out = min(max(x, 0), 6)`` over 1-D contiguous arrays."""
    n = x.size
    zero, six = x.dtype.type(0), x.dtype.type(6)
    for b in prange((n + BLOCK - 1) // BLOCK):
        lo, hi = b * BLOCK, min(n, (b + 1) * BLOCK)
        xs, os = x[lo:hi], out[lo:hi]
        for i in range(hi - lo):
            v = xs[i]
            os[i] = zero if v < zero else (six if v > six else v)
    return out


@njit(cache=True, nogil=True, parallel=True)
def relu_grad(g, y, out):
    """``out = g * (y > 0)``: the gradient of Relu, given its output ``y``."""
    n = g.size
    zero, one = g.dtype.type(0), g.dtype.type(1)
    for b in prange((n + BLOCK - 1) // BLOCK):
        lo, hi = b * BLOCK, min(n, (b + 1) * BLOCK)
        gs, ys, os = g[lo:hi], y[lo:hi], out[lo:hi]
        for i in range(hi - lo):
            os[i] = gs[i] * (one if ys[i] > zero else zero)
    return out


@njit(cache=True, nogil=True, parallel=True)
def relu6_grad(g, x, out):
    """``out = g * (0 < x < 6)``: the gradient of Relu6, given its input or its output ``x``."""
    n = g.size
    zero, one, six = g.dtype.type(0), g.dtype.type(1), g.dtype.type(6)
    for b in prange((n + BLOCK - 1) // BLOCK):
        lo, hi = b * BLOCK, min(n, (b + 1) * BLOCK)
        gs, xs, os = g[lo:hi], x[lo:hi], out[lo:hi]
        for i in range(hi - lo):
            v = xs[i]
            os[i] = gs[i] * (one if (v > zero) & (v < six) else zero)
    return out
