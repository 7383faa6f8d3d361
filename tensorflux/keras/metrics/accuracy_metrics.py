"""Accuracy metrics: exact, binary, categorical, sparse categorical, top-k."""

from __future__ import annotations

import tensorflux as tf

from ..api_export import keras_export
from ..losses.reduction import squeeze_or_expand_to_same_rank
from .reduction_metrics import wrapper_class


@keras_export(["keras.metrics.accuracy"])
def accuracy(y_true, y_pred):
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(tf.convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return tf.cast(tf.equal(y_true, y_pred), "float32")


@keras_export(["keras.metrics.binary_accuracy"])
def binary_accuracy(y_true, y_pred, threshold=0.5):
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(tf.convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = tf.cast(y_pred > tf.cast(threshold, y_pred.dtype), y_true.dtype)
    return tf.cast(tf.equal(y_true, y_pred), "float32")


def _labels_match(y_true, y_pred, squeeze_any_rank_equal):
    """Compares integer labels with ``argmax(y_pred)``, keeping ``y_true``'s shape as Keras does."""
    y_pred = tf.convert_to_tensor(y_pred)
    original_shape = tf.shape(y_true)
    reshape = False
    if y_true.shape.rank == y_pred.shape.rank and (squeeze_any_rank_equal or y_true.shape[-1] == 1):
        y_true = tf.squeeze(y_true, -1)
        reshape = True
    y_pred = tf.argmax(y_pred, axis=-1)
    if y_pred.dtype != y_true.dtype:
        y_pred = tf.cast(y_pred, y_true.dtype)
    matches = tf.cast(tf.equal(y_true, y_pred), "float32")
    return tf.reshape(matches, original_shape) if reshape else matches


@keras_export(["keras.metrics.categorical_accuracy"])
def categorical_accuracy(y_true, y_pred):
    y_true = tf.argmax(tf.convert_to_tensor(y_true), axis=-1)
    return _labels_match(y_true, y_pred, squeeze_any_rank_equal=True)


@keras_export(["keras.metrics.sparse_categorical_accuracy"])
def sparse_categorical_accuracy(y_true, y_pred):
    return _labels_match(tf.convert_to_tensor(y_true), y_pred, squeeze_any_rank_equal=False)


def in_top_k(targets, predictions, k):
    """Whether each target's prediction is among the ``k`` largest (ties count as inside, as TF's ``in_top_k``)."""
    predictions = tf.convert_to_tensor(predictions)
    targets = tf.cast(targets, "int32")
    num_classes = predictions.shape[-1]
    target_scores = tf.reduce_sum(predictions * tf.one_hot(targets, num_classes, dtype=predictions.dtype), axis=-1)
    larger = tf.reduce_sum(tf.cast(predictions > tf.expand_dims(target_scores, -1), "int32"), axis=-1)
    finite = tf.reduce_all(tf.math.is_finite(predictions), axis=-1)
    return tf.logical_and(larger < k, finite)


@keras_export(["keras.metrics.top_k_categorical_accuracy"])
def top_k_categorical_accuracy(y_true, y_pred, k=5):
    y_true = tf.argmax(tf.convert_to_tensor(y_true), axis=-1)
    return _top_k_matches(y_true, y_pred, k)


@keras_export(["keras.metrics.sparse_top_k_categorical_accuracy"])
def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    y_true = tf.convert_to_tensor(y_true)
    if from_sorted_ids:
        y_pred = tf.convert_to_tensor(y_pred)[..., :k]
        y_true = tf.cast(tf.reshape(y_true, [-1, 1]), y_pred.dtype)
        return tf.cast(tf.reduce_any(tf.equal(y_pred, y_true), axis=-1), "float32")
    return _top_k_matches(y_true, y_pred, k)


def _top_k_matches(y_true, y_pred, k):
    y_pred = tf.convert_to_tensor(y_pred)
    original_shape = tf.shape(y_true)
    reshape = False
    if y_true.shape.rank == y_pred.shape.rank and y_true.shape[-1] == 1:
        y_true = tf.squeeze(y_true, -1)
        reshape = True
    if y_pred.shape.rank > 2:
        y_pred = tf.reshape(y_pred, [-1, y_pred.shape[-1]])
    if y_true.shape.rank > 1:
        reshape = True
        y_true = tf.reshape(y_true, [-1])
    matches = tf.cast(in_top_k(y_true, y_pred, k), "float32")
    return tf.reshape(matches, original_shape) if reshape else matches


_M = __name__
Accuracy = wrapper_class("Accuracy", accuracy, "accuracy", _M)
BinaryAccuracy = wrapper_class("BinaryAccuracy", binary_accuracy, "binary_accuracy", _M, threshold=0.5)
CategoricalAccuracy = wrapper_class("CategoricalAccuracy", categorical_accuracy, "categorical_accuracy", _M)
SparseCategoricalAccuracy = wrapper_class("SparseCategoricalAccuracy", sparse_categorical_accuracy,
                                          "sparse_categorical_accuracy", _M)
TopKCategoricalAccuracy = wrapper_class("TopKCategoricalAccuracy", top_k_categorical_accuracy,
                                        "top_k_categorical_accuracy", _M, k=5)
SparseTopKCategoricalAccuracy = wrapper_class("SparseTopKCategoricalAccuracy", sparse_top_k_categorical_accuracy,
                                              "sparse_top_k_categorical_accuracy", _M, k=5, from_sorted_ids=False)
