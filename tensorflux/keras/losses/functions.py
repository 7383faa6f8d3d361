"""The loss functions (``keras.losses.mean_squared_error`` …): per-sample values, Keras 3's formulas."""

from __future__ import annotations

import math

import tensorflux as tf

from ..api_export import keras_export
from .reduction import squeeze_or_expand_to_same_rank

EPSILON = 1e-7  # keras.config.epsilon()


def _pair(y_true, y_pred):
    """``y_pred`` as a float tensor, ``y_true`` cast to its dtype, both of the same rank."""
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(tf.convert_to_tensor(y_true), y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


@keras_export(["keras.losses.mean_squared_error", "keras.metrics.mean_squared_error", "keras.losses.mse",
               "keras.metrics.mse", "keras.losses.MSE", "keras.metrics.MSE"])
def mean_squared_error(y_true, y_pred):
    """Mean of the squared differences over the last axis.

    >>> import tensorflux as tf
    >>> mean_squared_error(tf.constant([[0.0, 1.0]]), tf.constant([[1.0, 1.0]])).numpy()
    array([0.5], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)


@keras_export(["keras.losses.mean_absolute_error", "keras.metrics.mean_absolute_error", "keras.losses.mae",
               "keras.metrics.mae", "keras.losses.MAE", "keras.metrics.MAE"])
def mean_absolute_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    return tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)


@keras_export(["keras.losses.mean_absolute_percentage_error", "keras.metrics.mean_absolute_percentage_error",
               "keras.losses.mape", "keras.metrics.mape", "keras.losses.MAPE", "keras.metrics.MAPE"])
def mean_absolute_percentage_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    diff = tf.abs((y_true - y_pred) / tf.maximum(tf.abs(y_true), EPSILON))
    return 100.0 * tf.reduce_mean(diff, axis=-1)


@keras_export(["keras.losses.mean_squared_logarithmic_error", "keras.metrics.mean_squared_logarithmic_error",
               "keras.losses.msle", "keras.metrics.msle", "keras.losses.MSLE", "keras.metrics.MSLE"])
def mean_squared_logarithmic_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    first_log = tf.math.log(tf.maximum(y_pred, EPSILON) + 1.0)
    second_log = tf.math.log(tf.maximum(y_true, EPSILON) + 1.0)
    return tf.reduce_mean(tf.square(first_log - second_log), axis=-1)


@keras_export(["keras.losses.huber", "keras.metrics.huber"])
def huber(y_true, y_pred, delta=1.0):
    y_true, y_pred = _pair(y_true, y_pred)
    delta = tf.cast(delta, y_pred.dtype)
    error = y_pred - y_true
    abs_error = tf.abs(error)
    half = tf.cast(0.5, abs_error.dtype)
    return tf.reduce_mean(tf.where(abs_error <= delta, half * tf.square(error),
                                   delta * abs_error - half * tf.square(delta)), axis=-1)


@keras_export(["keras.losses.log_cosh", "keras.metrics.log_cosh", "keras.losses.logcosh"])
def log_cosh(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    log2 = tf.cast(math.log(2.0), y_pred.dtype)
    x = y_pred - y_true
    return tf.reduce_mean(x + tf.nn.softplus(x * -2.0) - log2, axis=-1)


@keras_export(["keras.losses.kl_divergence", "keras.metrics.kl_divergence", "keras.losses.kld",
               "keras.losses.KLD", "keras.metrics.KLD", "keras.losses.kullback_leibler_divergence"])
def kl_divergence(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = tf.clip_by_value(y_true, EPSILON, 1.0)
    y_pred = tf.clip_by_value(y_pred, EPSILON, 1.0)
    return tf.reduce_sum(y_true * tf.math.log(y_true / y_pred), axis=-1)


@keras_export(["keras.losses.poisson", "keras.metrics.poisson"])
def poisson(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    return tf.reduce_mean(y_pred - y_true * tf.math.log(y_pred + EPSILON), axis=-1)


def _l2_normalize(x, axis):
    square_sum = tf.reduce_sum(tf.square(x), axis=axis, keepdims=True)
    return x * tf.math.rsqrt(tf.maximum(square_sum, 1e-12))


@keras_export(["keras.losses.cosine_similarity", "keras.metrics.cosine_similarity"])
def cosine_similarity(y_true, y_pred, axis=-1):
    y_true, y_pred = _pair(y_true, y_pred)
    return -tf.reduce_sum(_l2_normalize(y_true, axis) * _l2_normalize(y_pred, axis), axis=axis)


def _hinge_labels(y_true):
    """Labels in {0, 1} become {-1, 1}, as Keras converts them for hinge losses."""
    is_binary = tf.reduce_all(tf.logical_or(tf.equal(y_true, 0), tf.equal(y_true, 1)))
    return tf.where(is_binary, 2.0 * y_true - 1.0, y_true)


@keras_export(["keras.losses.hinge", "keras.metrics.hinge"])
def hinge(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = _hinge_labels(y_true)
    return tf.reduce_mean(tf.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


@keras_export(["keras.losses.squared_hinge", "keras.metrics.squared_hinge"])
def squared_hinge(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = _hinge_labels(y_true)
    return tf.reduce_mean(tf.square(tf.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


@keras_export(["keras.losses.categorical_hinge", "keras.metrics.categorical_hinge"])
def categorical_hinge(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    pos = tf.reduce_sum(y_true * y_pred, axis=-1)
    neg = tf.reduce_max((1.0 - y_true) * y_pred, axis=-1)
    return tf.maximum(neg - pos + 1.0, tf.zeros_like(pos))


# --- cross-entropies ------------------------------------------------------------------------------

def _logits_of(output, op_type):
    """In a traced graph, the input of a final softmax/sigmoid: Keras' TF backend uses it as logits."""
    op = getattr(output, "op", None)
    if op is not None and getattr(op, "type", None) == op_type and len(op.inputs) == 1:
        return op.inputs[0]
    return None


def binary_crossentropy_values(target, output, from_logits=False):
    """Element-wise binary cross-entropy (``keras.ops.binary_crossentropy``)."""
    if not from_logits:
        logits = _logits_of(output, "Sigmoid")
        if logits is not None:
            output, from_logits = logits, True
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    output = tf.clip_by_value(output, EPSILON, 1.0 - EPSILON)
    bce = target * tf.math.log(output)
    bce += (1 - target) * tf.math.log(1 - output)
    return -bce


@keras_export(["keras.losses.binary_crossentropy", "keras.metrics.binary_crossentropy"])
def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Mean binary cross-entropy over ``axis``.

    >>> float(binary_crossentropy([[0.0, 1.0]], [[0.4, 0.6]])[0])  # doctest: +ELLIPSIS
    0.5108...
    """
    y_true, y_pred = _pair(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    return tf.reduce_mean(binary_crossentropy_values(y_true, y_pred, from_logits), axis=axis)


@keras_export(["keras.losses.binary_focal_crossentropy", "keras.metrics.binary_focal_crossentropy"])
def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                              label_smoothing=0.0, axis=-1):
    y_true, y_pred = _pair(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = tf.sigmoid(y_pred)
    bce = binary_crossentropy_values(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
    focal_bce = tf.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal_bce = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal_bce
    return tf.reduce_mean(focal_bce, axis=axis)


def _check_same_shape(target, output):
    if target.shape.rank != output.shape.rank:
        raise ValueError("Arguments `target` and `output` must have the same rank (ndim). Received: "
                         f"target.shape={_shape(target)}, output.shape={_shape(output)}")
    for e1, e2 in zip(target.shape.as_list(), output.shape.as_list()):
        if e1 is not None and e2 is not None and e1 != e2:
            raise ValueError("Arguments `target` and `output` must have the same shape. Received: "
                             f"target.shape={_shape(target)}, output.shape={_shape(output)}")


def _shape(x):
    return tuple(x.shape.as_list()) if x.shape.rank is not None else None


def categorical_crossentropy_values(target, output, from_logits=False, axis=-1):
    """Per-sample categorical cross-entropy (``keras.ops.categorical_crossentropy``)."""
    _check_same_shape(target, output)
    if not from_logits:
        logits = _logits_of(output, "Softmax")
        if logits is not None:
            output, from_logits = logits, True
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=output, axis=axis)
    output = output / tf.reduce_sum(output, axis=axis, keepdims=True)
    output = tf.clip_by_value(output, EPSILON, 1.0 - EPSILON)
    return -tf.reduce_sum(target * tf.math.log(output), axis=axis)


@keras_export(["keras.losses.categorical_crossentropy", "keras.metrics.categorical_crossentropy"])
def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Cross-entropy between one-hot labels and predicted class probabilities (or logits).

    >>> float(categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])[0])  # doctest: +ELLIPSIS
    0.6931...
    """
    if isinstance(axis, bool):
        raise ValueError(  # noqa: TRY004 (Keras raises ValueError)
            f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}")
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(tf.convert_to_tensor(y_true), y_pred.dtype)
    if y_pred.shape[-1] == 1:
        import warnings

        warnings.warn(f"In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, num_classes) "
                      f"with num_classes > 1. Received: y_pred.shape={_shape(y_pred)}. Consider using "
                      "'binary_crossentropy' if you only have 2 classes.", SyntaxWarning, stacklevel=2)
    if label_smoothing:
        num_classes = tf.cast(tf.shape(y_true)[-1], y_pred.dtype)
        y_true = y_true * (1.0 - label_smoothing) + (label_smoothing / num_classes)
    return categorical_crossentropy_values(y_true, y_pred, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy_values(target, output, from_logits=False, axis=-1):
    """Per-sample cross-entropy with integer labels (``keras.ops.sparse_categorical_crossentropy``)."""
    if axis != -1 and axis != output.shape.rank - 1:
        raise ValueError(f"Only axis=-1 is currently supported. Received: axis={axis}")
    if not from_logits:
        logits = _logits_of(output, "Softmax")
        if logits is not None:
            output, from_logits = logits, True
    target = tf.cast(target, "int64")
    if target.shape.rank == output.shape.rank and target.shape[-1] == 1:
        target = tf.squeeze(target, axis=-1)
    if output.shape.rank is not None and output.shape.rank < 1:
        raise ValueError(f"Argument `output` must be at least rank 1. Received: output.shape={_shape(output)}")
    if target.shape.rank != output.shape.rank - 1:
        raise ValueError("Argument `output` must have rank (ndim) `target.ndim - 1`. Received: "
                         f"target.shape={_shape(target)}, output.shape={_shape(output)}")
    for e1, e2 in zip(target.shape.as_list(), output.shape.as_list()[:-1]):
        if e1 is not None and e2 is not None and e1 != e2:
            raise ValueError("Arguments `target` and `output` must have the same shape up until the last dimension: "
                             f"target.shape={_shape(target)}, output.shape={_shape(output)}")
    if not from_logits:
        output = tf.math.log(tf.clip_by_value(output, EPSILON, 1 - EPSILON))
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=output)


@keras_export(["keras.losses.sparse_categorical_crossentropy", "keras.metrics.sparse_categorical_crossentropy"])
def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Cross-entropy between integer labels and predicted class probabilities (or logits).

    >>> float(sparse_categorical_crossentropy([1], [[0.5, 0.5]])[0])  # doctest: +ELLIPSIS
    0.6931...
    """
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.convert_to_tensor(y_true)
    if ignore_class is not None:
        valid = tf.not_equal(y_true, tf.cast(ignore_class, y_true.dtype))
        y_true = tf.where(valid, y_true, tf.zeros_like(y_true))
    result = sparse_categorical_crossentropy_values(y_true, y_pred, from_logits=from_logits, axis=axis)
    if ignore_class is not None:
        valid = tf.reshape(valid, tf.shape(result))
        result = tf.where(valid, result, tf.zeros_like(result))
    return result
