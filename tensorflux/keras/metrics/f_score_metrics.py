"""``FBetaScore`` and ``F1Score``: per-class (or averaged) harmonic means of precision and recall."""

from __future__ import annotations

import tensorflux as tf

from ..api_export import keras_export
from .metric import Metric

EPSILON = 1e-7


@keras_export(["keras.metrics.FBetaScore"])
class FBetaScore(Metric):
    """``(1 + beta²) · precision · recall / (beta² · precision + recall)``, per class or averaged."""

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError("Invalid `average` argument value. Expected one of: [None, 'micro', 'macro', "
                             f"'weighted']. Received: average={average}")
        if not isinstance(beta, float) or beta <= 0.0:
            raise ValueError(f"Invalid `beta` argument value. It should be a Python float > 0. Received: beta={beta}"
                             if isinstance(beta, float) else
                             f"Invalid `beta` argument value. It should be a Python float. Received: beta={beta} "
                             f"of type '{type(beta)}'")
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_pred_shape):
        num_classes = y_pred_shape[-1]
        shape = () if self.average == "micro" else (num_classes,)
        self.true_positives = self.add_variable(shape, name="true_positives")
        self.false_positives = self.add_variable(shape, name="false_positives")
        self.false_negatives = self.add_variable(shape, name="false_negatives")
        self.intermediate_weights = self.add_variable(shape, name="intermediate_weights")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = tf.cast(tf.convert_to_tensor(y_true), self.dtype)
        y_pred = tf.cast(tf.convert_to_tensor(y_pred), self.dtype)
        if not self._built:
            self._build(y_pred.shape.as_list())
        if self.threshold is None:
            threshold = tf.reduce_max(y_pred, axis=-1, keepdims=True)
            y_pred = tf.logical_and(y_pred >= threshold, tf.abs(y_pred) > 1e-9)  # [0, 0, 0] stays all negative
        else:
            y_pred = y_pred > self.threshold
        y_pred = tf.cast(y_pred, self.dtype)
        if sample_weight is not None:
            sample_weight = tf.cast(tf.convert_to_tensor(sample_weight), self.dtype)

        def weighted_sum(value):
            if sample_weight is not None:
                value = value * tf.expand_dims(sample_weight, 1)
            return tf.reduce_sum(value, axis=self.axis)

        self.true_positives.assign(self.true_positives + weighted_sum(y_pred * y_true))
        self.false_positives.assign(self.false_positives + weighted_sum(y_pred * (1 - y_true)))
        self.false_negatives.assign(self.false_negatives + weighted_sum((1 - y_pred) * y_true))
        self.intermediate_weights.assign(self.intermediate_weights + weighted_sum(y_true))

    def result(self):
        tp = self.true_positives
        precision = tp / (tp + self.false_positives + EPSILON)
        recall = tp / (tp + self.false_negatives + EPSILON)
        mean = (precision * recall) / (((self.beta ** 2) * precision) + recall + EPSILON)
        f_score = mean * (1 + self.beta ** 2)
        if self.average == "weighted":
            weights = self.intermediate_weights / (tf.reduce_sum(self.intermediate_weights) + EPSILON)
            return tf.reduce_sum(f_score * weights)
        if self.average is not None:
            return tf.reduce_mean(f_score)
        return f_score

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self._dtype, "beta": self.beta, "average": self.average,
                "threshold": self.threshold}


@keras_export(["keras.metrics.F1Score"])
class F1Score(FBetaScore):
    """F-beta with ``beta=1``: the harmonic mean of precision and recall."""

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config
