"""Regression metrics: the loss functions averaged over samples, and ``RootMeanSquaredError``."""

from __future__ import annotations

import tensorflux as tf

from ..api_export import keras_export
from ..losses import functions as F
from ..losses.reduction import squeeze_or_expand_to_same_rank
from .reduction_metrics import Mean, wrapper_class

_M = __name__
MeanSquaredError = wrapper_class("MeanSquaredError", F.mean_squared_error, "mean_squared_error", _M)
MeanAbsoluteError = wrapper_class("MeanAbsoluteError", F.mean_absolute_error, "mean_absolute_error", _M)
MeanAbsolutePercentageError = wrapper_class("MeanAbsolutePercentageError", F.mean_absolute_percentage_error,
                                            "mean_absolute_percentage_error", _M)
MeanSquaredLogarithmicError = wrapper_class("MeanSquaredLogarithmicError", F.mean_squared_logarithmic_error,
                                            "mean_squared_logarithmic_error", _M)
CosineSimilarity = wrapper_class("CosineSimilarity", lambda y_true, y_pred, axis=-1: -F.cosine_similarity(
    y_true, y_pred, axis=axis), "cosine_similarity", _M, axis=-1)
LogCoshError = wrapper_class("LogCoshError", F.log_cosh, "logcosh", _M)
BinaryCrossentropy = wrapper_class("BinaryCrossentropy", F.binary_crossentropy, "binary_crossentropy", _M,
                                   from_logits=False, label_smoothing=0.0)
CategoricalCrossentropy = wrapper_class("CategoricalCrossentropy", F.categorical_crossentropy,
                                        "categorical_crossentropy", _M, from_logits=False, label_smoothing=0.0,
                                        axis=-1)
SparseCategoricalCrossentropy = wrapper_class("SparseCategoricalCrossentropy", F.sparse_categorical_crossentropy,
                                              "sparse_categorical_crossentropy", _M, from_logits=False, axis=-1)
KLDivergence = wrapper_class("KLDivergence", F.kl_divergence, "kl_divergence", _M)
Poisson = wrapper_class("Poisson", F.poisson, "poisson", _M)
Hinge = wrapper_class("Hinge", F.hinge, "hinge", _M)
SquaredHinge = wrapper_class("SquaredHinge", F.squared_hinge, "squared_hinge", _M)
CategoricalHinge = wrapper_class("CategoricalHinge", F.categorical_hinge, "categorical_hinge", _M)


@keras_export(["keras.metrics.RootMeanSquaredError"])
class RootMeanSquaredError(Mean):
    """``sqrt`` of the mean squared error over all samples seen."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = tf.cast(tf.convert_to_tensor(y_true), self.dtype)
        y_pred = tf.cast(tf.convert_to_tensor(y_pred), self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return super().update_state(tf.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
