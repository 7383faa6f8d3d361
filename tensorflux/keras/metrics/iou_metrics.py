"""``MeanIoU``: intersection over union per class, from a confusion matrix, averaged."""

from __future__ import annotations

import warnings

import tensorflux as tf

from ..api_export import keras_export
from .metric import Metric


def confusion_matrix(labels, predictions, num_classes, weights=None, dtype="float32"):
    """Rows: true class; columns: predicted class (as ``tf.math.confusion_matrix``)."""
    true_one_hot = tf.one_hot(tf.cast(labels, "int32"), num_classes, dtype=dtype)
    pred_one_hot = tf.one_hot(tf.cast(predictions, "int32"), num_classes, dtype=dtype)
    if weights is not None:
        true_one_hot = true_one_hot * tf.expand_dims(tf.cast(weights, dtype), -1)
    return tf.matmul(true_one_hot, pred_one_hot, transpose_a=True)


@keras_export(["keras.metrics.MeanIoU"])
class MeanIoU(Metric):
    """Mean over classes of ``TP / (TP + FP + FN)`` (classes never seen nor predicted are left out)."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        super().__init__(name=name or "mean_io_u", dtype=dtype or "int64")  # counts are integers, as Keras
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable((num_classes, num_classes), name="total_confusion_matrix")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = tf.convert_to_tensor(y_true)
        y_pred = tf.convert_to_tensor(y_pred)
        if not self.sparse_y_true:
            y_true = tf.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = tf.argmax(y_pred, axis=self.axis)
        y_true = tf.reshape(tf.cast(y_true, self.dtype), [-1])
        y_pred = tf.reshape(tf.cast(y_pred, self.dtype), [-1])
        if sample_weight is None:
            sample_weight = tf.ones_like(y_true)
        else:
            sample_weight = tf.convert_to_tensor(sample_weight)
            if sample_weight.dtype.is_floating and "int" in self.dtype:
                warnings.warn("You are passing weight as `float`, but dtype is `int`. This may result in an incorrect "
                              "weight due to type casting. Consider using integer weights.", stacklevel=2)
            sample_weight = tf.reshape(tf.cast(sample_weight, self.dtype), [-1])
        if self.ignore_class is not None:
            valid = tf.not_equal(y_true, tf.cast(self.ignore_class, self.dtype))
            sample_weight = tf.where(valid, sample_weight, tf.zeros_like(sample_weight))
            y_true = tf.where(valid, y_true, tf.zeros_like(y_true))
        self.total_cm.assign_add(confusion_matrix(y_true, y_pred, self.num_classes, sample_weight, self.dtype))

    def result(self):
        cm = self.total_cm
        sum_over_row = tf.reduce_sum(cm, axis=0)
        sum_over_col = tf.reduce_sum(cm, axis=1)
        true_positives = tf.linalg.diag_part(cm)
        denominator = tf.cast(sum_over_row + sum_over_col - true_positives, "float32")
        true_positives = tf.cast(true_positives, "float32")
        num_valid_entries = tf.reduce_sum(tf.cast(denominator > 1e-9, "float32"))
        iou = tf.math.divide_no_nan(true_positives, denominator)
        return tf.math.divide_no_nan(tf.reduce_sum(iou), num_valid_entries)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self._dtype, "num_classes": self.num_classes,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}
