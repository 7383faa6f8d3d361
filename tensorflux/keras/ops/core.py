"""``keras.ops`` core: conversion, shapes, casting, control flow, slicing."""

from __future__ import annotations

import numpy as np

import tensorflux as tf

from ..utils.dtype_utils import standardize_dtype
from .operation import keras_op


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """A tensor of ``x`` (``dtype`` as a Keras name or tf dtype)."""
    if dtype is not None:
        dtype = standardize_dtype(dtype)
        if tf.is_tensor(x) and x.dtype.name != dtype:
            return tf.cast(x, dtype)
    return tf.convert_to_tensor(x, dtype=dtype)


def convert_to_numpy(x):
    return np.asarray(x)


def is_tensor(x) -> bool:
    return tf.is_tensor(x)


def shape(x) -> tuple:
    """The shape as a tuple; unknown dimensions of symbolic tensors are scalar tensors."""
    from ..graph.keras_tensor import KerasTensor

    static = tuple(x.shape) if hasattr(x, "shape") else np.shape(x)
    if None not in static or isinstance(x, KerasTensor):
        return tuple(static)
    dynamic = tf.shape(x)
    return tuple(dynamic[i] if d is None else d for i, d in enumerate(static))


def dtype(x) -> str:
    return standardize_dtype(x.dtype)


@keras_op
def cast(x, dtype):
    return tf.cast(x, standardize_dtype(dtype))


@keras_op
def saturate_cast(x, dtype):
    from ...ops.image_ops import saturate_cast as tf_saturate_cast

    return tf_saturate_cast(x, standardize_dtype(dtype))


def stop_gradient(variable):
    return tf.stop_gradient(variable)


def cond(pred, true_fn, false_fn):
    return tf.cond(pred, true_fn, false_fn)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    single = not isinstance(loop_vars, (list, tuple))
    result = tf.while_loop(cond, body, [loop_vars] if single else list(loop_vars),
                           maximum_iterations=maximum_iterations)
    return result[0] if single and isinstance(result, (list, tuple)) else result


def fori_loop(lower, upper, body_fun, init_val):
    value = init_val
    for i in range(int(lower), int(upper)):
        value = body_fun(i, value)
    return value


def switch(index, branches, *operands):
    return tf.switch_case(index, [lambda b=b: b(*operands) for b in branches])


@keras_op
def slice(inputs, start_indices, shape):
    return tf.slice(inputs, list(start_indices), list(shape))


@keras_op
def get_item(x, key):
    return x[key]


def custom_gradient(f):
    return tf.custom_gradient(f)


def map(f, xs):
    return tf.stack([f(x) for x in tf.unstack(xs)])


def vectorized_map(function, elements):
    return map(function, elements)
