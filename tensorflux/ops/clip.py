"""Clipping by value and by norm (``tf.clip_by_norm``, ``tf.clip_by_global_norm``)."""

from __future__ import annotations

from ..framework.primitive import as_input
from . import math as math_ops
from . import nn as nn_ops
from . import reduce as reduce_ops
from .math import clip_by_value  # noqa: F401 - part of this family's public names


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """Scales ``t`` so that its L2 norm over ``axes`` is at most ``clip_norm``.

    >>> import tensorflux as tf
    >>> tf.clip_by_norm([3.0, 4.0], 1.0).numpy()
    array([0.6, 0.8], dtype=float32)
    """
    t = as_input(t)
    squared = reduce_ops.reduce_sum(t * t, axes, keepdims=True)
    positive = squared > 0
    safe = math_ops.where(positive, squared, math_ops.ones_like(squared))
    norm = math_ops.where(positive, math_ops.sqrt(safe), squared)
    clipped = t * clip_norm
    return clipped / math_ops.maximum(norm, clip_norm)


def global_norm(t_list, name=None):
    """sqrt(sum of the squared L2 norms of all tensors); None entries are skipped."""
    tensors = [as_input(t) for t in t_list if t is not None]
    if not tensors:
        raise ValueError("global_norm needs at least one tensor")
    half_squares = [nn_ops.l2_loss(t) for t in tensors]  # as TF: floating tensors only
    return math_ops.sqrt(math_ops.add_n(half_squares) * 2)


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scales all tensors by clip_norm / max(global_norm, clip_norm); returns (clipped, global_norm).

    >>> import tensorflux as tf
    >>> clipped, norm = tf.clip_by_global_norm([tf.constant([3.0]), tf.constant([4.0])], 1.0)
    >>> float(norm)
    5.0
    """
    t_list = list(t_list)
    norm = global_norm(t_list) if use_norm is None else as_input(use_norm)
    dtype = norm.dtype
    scale = clip_norm * math_ops.minimum(1.0 / norm, math_ops.cast(1.0, dtype) / clip_norm)
    scale = scale + (norm - norm)  # NaN when the norm is inf or NaN (as TF), without a NaN gradient
    clipped = [None if t is None else as_input(t) * math_ops.cast(scale, as_input(t).dtype) for t in t_list]
    return clipped, norm
