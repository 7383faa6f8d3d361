"""Local response normalisation (``tf.nn.local_response_normalization``, alias ``lrn``).

``LRN`` divides each element by ``(bias + alpha * s) ** beta``, where ``s`` sums the squares of
the ``2 * depth_radius + 1`` channels around it (the window clipped at the edges). The forward
pass is one fused kernel; its gradient is written in ops around ``LRNWindowSum`` (that channel
window sum), which is its own transpose and so its own gradient:

    dx = g * s'^-beta - 2 * alpha * beta * x * window_sum(g * x * s'^(-beta - 1)),  s' = bias + alpha * s
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import as_input, declare
from . import math as math_ops
from . import shapes

LRN_TYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)  # TF: no float64 (kept for checks)


def window_sum(x, *, depth_radius):
    """``out[..., c] = sum(x[..., c - r : c + r + 1])`` along the last axis, clipped at its ends."""
    out = x.copy()
    channels = x.shape[-1]
    for k in range(1, min(depth_radius, channels - 1) + 1):
        out[..., k:] += x[..., :-k]
        out[..., :-k] += x[..., k:]
    return out


WINDOW_SUM = declare("LRNWindowSum", window_sum, shapes.same,
                     lambda op, g: WINDOW_SUM(g, **op.attrs), allowed=LRN_TYPES)


def _lrn_kernel(x, *, depth_radius, bias, alpha, beta):
    if x.ndim != 4:
        raise InvalidArgumentError(f"in must be 4-dimensional (input shape {list(x.shape)}) [Op:LRN]")
    dtype = x.dtype
    scale = window_sum(x * x, depth_radius=depth_radius)
    scale *= dtype.type(alpha)
    scale += dtype.type(bias)
    return x * np.power(scale, dtype.type(-beta))


def _lrn_grad(op, g):
    x = op.inputs[0]
    a = op.attrs
    scale = WINDOW_SUM(math_ops.square(x), depth_radius=a["depth_radius"]) * a["alpha"] + a["bias"]
    inner = WINDOW_SUM(g * x * math_ops.pow(scale, -a["beta"] - 1), depth_radius=a["depth_radius"])
    return g * math_ops.pow(scale, -a["beta"]) - (2 * a["alpha"] * a["beta"]) * x * inner


LRN = declare("LRN", _lrn_kernel, shapes.same, _lrn_grad, allowed=LRN_TYPES)


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):
    """``input / (bias + alpha * sum of squares over nearby channels) ** beta`` on ``[N, H, W, C]``.

    >>> import tensorflux as tf
    >>> tf.nn.local_response_normalization(tf.fill([1, 1, 1, 1], 2.0), depth_radius=0).numpy().ravel()
    array([0.8944272], dtype=float32)
    """
    x = as_input(input)
    rank = len(x._shape_tuple())
    if rank != 4:
        raise InvalidArgumentError(f"in must be 4-dimensional (input shape {list(x._shape_tuple())}) [Op:LRN]")
    return LRN(x, depth_radius=int(depth_radius), bias=float(bias), alpha=float(alpha), beta=float(beta), name=name)


lrn = local_response_normalization
