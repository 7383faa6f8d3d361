"""Metrics built on confusion counts per threshold: ``Precision``, ``Recall``, ``AUC`` (ROC and PR)."""

from __future__ import annotations

import numpy as np

import tensorflux as tf

from ..api_export import keras_export
from ..losses.reduction import squeeze_or_expand_to_same_rank
from .metric import Metric

NEG_INF = -1e10
EPSILON = 1e-7


def _filter_top_k(x, k):
    """Keeps the ``k`` largest entries of the last axis, sets the others to ``NEG_INF``."""
    _, top_k_idx = tf.math.top_k(x, k)
    mask = tf.reduce_sum(tf.one_hot(top_k_idx, x.shape[-1], dtype=x.dtype), axis=-2)
    return x * mask + NEG_INF * (1 - mask)


def update_confusion_counts(variables, y_true, y_pred, thresholds, top_k=None, class_id=None, sample_weight=None,
                            multi_label=False, label_weights=None):
    """Adds this batch's weighted true/false positive/negative counts to ``variables``.

    One count per threshold, or with ``multi_label`` one per threshold and label (last axis).
    """
    y_pred = tf.cast(tf.convert_to_tensor(y_pred), "float32")
    y_true = tf.cast(tf.convert_to_tensor(y_true), "float32")
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if top_k is not None:
        y_pred = _filter_top_k(y_pred, top_k)
    if class_id is not None:
        y_true, y_pred = y_true[..., class_id], y_pred[..., class_id]
    flat_shape = [1, -1, y_pred.shape[-1]] if multi_label else [1, -1]
    preds = tf.reshape(y_pred, flat_shape)
    labels = tf.reshape(tf.cast(y_true, "bool"), flat_shape)
    weights = None
    if sample_weight is not None:
        weights = tf.cast(tf.convert_to_tensor(sample_weight), "float32")
        y_pred_for_shape, weights = squeeze_or_expand_to_same_rank(y_pred, weights)
        while weights.shape.rank < y_pred_for_shape.shape.rank:  # per-sample weights cover every label
            weights = tf.expand_dims(weights, -1)
        weights = weights + tf.zeros_like(y_pred_for_shape)
    if label_weights is not None:
        label_weights = tf.constant(np.asarray(label_weights, "float32"))
        weights = label_weights + tf.zeros_like(y_pred) if weights is None else weights * label_weights
    if weights is not None:
        weights = tf.reshape(weights, flat_shape)
    thresholds = tf.constant(np.asarray(thresholds, dtype="float32").reshape((-1, 1, 1) if multi_label else (-1, 1)))
    pred_is_pos = preds > thresholds
    pred_is_neg = tf.logical_not(pred_is_pos)
    label_is_neg = tf.logical_not(labels)
    cases = {"tp": (labels, pred_is_pos), "fp": (label_is_neg, pred_is_pos), "tn": (label_is_neg, pred_is_neg),
             "fn": (labels, pred_is_neg)}
    for key, variable in variables.items():
        label, pred = cases[key]
        both = tf.cast(tf.logical_and(label, pred), variable.dtype)
        if weights is not None:
            both = both * weights
        variable.assign(variable + tf.reduce_sum(both, axis=1))


class _ThresholdMetric(Metric):
    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else NEG_INF
        values = [default] if thresholds is None else (list(thresholds) if isinstance(thresholds, (list, tuple))
                                                       else [thresholds])
        for t in values:
            if not (t == NEG_INF or 0 <= t <= 1):
                raise ValueError(f"Threshold values must be in [0, 1]. Received: {t}")
        self.thresholds = values

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self._dtype, "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}

    def _single(self, result):
        return result[0] if len(self.thresholds) == 1 else result


@keras_export(["keras.metrics.Precision"])
class Precision(_ThresholdMetric):
    """``true_positives / (true_positives + false_positives)`` at each threshold."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)
        self.true_positives = self.add_variable((len(self.thresholds),), name="true_positives")
        self.false_positives = self.add_variable((len(self.thresholds),), name="false_positives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        update_confusion_counts({"tp": self.true_positives, "fp": self.false_positives}, y_true, y_pred,
                                self.thresholds, self.top_k, self.class_id, sample_weight)

    def result(self):
        tp = self.true_positives
        return self._single(tf.math.divide_no_nan(tp, tp + self.false_positives))


@keras_export(["keras.metrics.Recall"])
class Recall(_ThresholdMetric):
    """``true_positives / (true_positives + false_negatives)`` at each threshold."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)
        self.true_positives = self.add_variable((len(self.thresholds),), name="true_positives")
        self.false_negatives = self.add_variable((len(self.thresholds),), name="false_negatives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        update_confusion_counts({"tp": self.true_positives, "fn": self.false_negatives}, y_true, y_pred,
                                self.thresholds, self.top_k, self.class_id, sample_weight)

    def result(self):
        tp = self.true_positives
        return self._single(tf.math.divide_no_nan(tp, tp + self.false_negatives))


@keras_export(["keras.metrics.AUC"])
class AUC(Metric):
    """Area under the ROC or precision-recall curve, by a Riemann sum over ``num_thresholds`` thresholds."""

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None, dtype=None,
                 thresholds=None, multi_label=False, num_labels=None, label_weights=None, from_logits=False):
        super().__init__(name=name, dtype=dtype)
        if curve.upper() not in ("ROC", "PR"):
            raise ValueError(f'Invalid AUC curve value: "{curve}". Expected values are ["ROC", "PR"]')
        if summation_method not in ("interpolation", "minoring", "majoring"):
            raise ValueError(f'Invalid AUC summation method value: "{summation_method}". Expected values are '
                             '["interpolation", "majoring", "minoring"]')
        self.curve = curve.upper()
        self.summation_method = summation_method
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = label_weights
        self._from_logits = from_logits
        self._user_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            inner = sorted(thresholds)
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            self.num_thresholds = num_thresholds
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self._thresholds = np.array([0.0 - EPSILON] + list(inner) + [1.0 + EPSILON])
        self._built = False
        if not multi_label or num_labels:
            self._build(num_labels)

    def _build(self, num_labels):
        """Counts per threshold (and per label with ``multi_label``, once the label count is known)."""
        shape = (self.num_thresholds, num_labels) if self.multi_label else (self.num_thresholds,)
        self.num_labels = num_labels if self.multi_label else self.num_labels
        self.true_positives = self.add_variable(shape, name="true_positives")
        self.false_positives = self.add_variable(shape, name="false_positives")
        self.true_negatives = self.add_variable(shape, name="true_negatives")
        self.false_negatives = self.add_variable(shape, name="false_negatives")
        self._built = True

    @property
    def thresholds(self) -> list:
        return list(self._thresholds)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = tf.convert_to_tensor(y_pred)
        if not self._built:
            self._build(y_pred.shape[-1])
        if self._from_logits:
            y_pred = tf.sigmoid(y_pred)
        update_confusion_counts({"tp": self.true_positives, "fp": self.false_positives, "tn": self.true_negatives,
                                 "fn": self.false_negatives}, y_true, y_pred, self._thresholds,
                                sample_weight=sample_weight, multi_label=self.multi_label,
                                label_weights=None if self.multi_label else self.label_weights)

    def _average_labels(self, terms):
        """Sums the rectangles; with ``multi_label``, per label, then the (label-weighted) mean."""
        if not self.multi_label:
            return tf.reduce_sum(terms)
        by_label = tf.reduce_sum(terms, axis=0)
        if self.label_weights is None:
            return tf.reduce_mean(by_label)
        label_weights = tf.constant(np.asarray(self.label_weights, "float32"))
        return tf.math.divide_no_nan(tf.reduce_sum(by_label * label_weights), tf.reduce_sum(label_weights))

    def reset_state(self):
        if self._built:
            super().reset_state()

    def interpolate_pr_auc(self):
        n = self.num_thresholds
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = tp[: n - 1] - tp[1:]
        p = tp + fp
        dp = p[: n - 1] - p[1:]
        prec_slope = tf.math.divide_no_nan(dtp, tf.maximum(dp, 0))
        intercept = tp[1:] - prec_slope * p[1:]
        safe_p_ratio = tf.where(tf.logical_and(p[: n - 1] > 0, p[1:] > 0),
                                tf.math.divide_no_nan(p[: n - 1], tf.maximum(p[1:], 0)), tf.ones_like(p[1:]))
        increment = tf.math.divide_no_nan(prec_slope * (dtp + intercept * tf.math.log(safe_p_ratio)),
                                          tf.maximum(tp[1:] + fn[1:], 0))
        return self._average_labels(increment)

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        n = self.num_thresholds
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        recall = tf.math.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = tf.math.divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, tf.math.divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[: n - 1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = tf.minimum(y[: n - 1], y[1:])
        else:
            heights = tf.maximum(y[: n - 1], y[1:])
        return self._average_labels((x[: n - 1] - x[1:]) * heights)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self._dtype, "num_thresholds": self.num_thresholds, "curve": self.curve,
                "summation_method": self.summation_method, "multi_label": self.multi_label,
                "num_labels": self.num_labels, "label_weights": self.label_weights,
                "from_logits": self._from_logits,
                **({"thresholds": [float(t) for t in self._thresholds[1:-1]]} if self._user_thresholds else {})}
