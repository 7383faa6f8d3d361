"""Small tensor helpers the layers share (written in tf ops, so differentiable and traceable)."""

from __future__ import annotations

import tensorflux as tf


def repeat(x, repeats: int, axis: int):
    """Each element repeated ``repeats`` times along ``axis`` (``np.repeat`` with an int count)."""
    rank = x.shape.rank
    axis = axis % rank
    expanded = tf.expand_dims(x, axis + 1)
    multiples = [1] * (rank + 1)
    multiples[axis + 1] = repeats
    tiled = tf.tile(expanded, multiples)
    static = x.shape.as_list()
    if None in static:
        shape = tf.shape(x)
        new_shape = tf.concat([shape[:axis], shape[axis:axis + 1] * repeats, shape[axis + 1:]], 0)
    else:
        new_shape = static[:axis] + [static[axis] * repeats] + static[axis + 1:]
    return tf.reshape(tiled, new_shape)


def batch_reshape(x, target_shape):
    """``x`` reshaped to ``(batch,) + target_shape`` (a ``-1`` allowed), the batch size kept dynamic."""
    if x.shape[0] is not None:
        return tf.reshape(x, (x.shape[0],) + tuple(target_shape))
    return tf.reshape(x, tf.concat([tf.shape(x)[:1], tf.constant(list(target_shape), dtype=tf.int32)], 0))
