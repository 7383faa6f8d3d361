"""``Sum``, ``Mean`` and ``MeanMetricWrapper`` (the mean of a per-sample function over all batches)."""

from __future__ import annotations

import tensorflux as tf

from ..api_export import keras_export
from ..losses.reduction import squeeze_or_expand_to_same_rank
from .metric import Metric


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Per-sample values (reduced over all but the first axis), weighted; as Keras 3 prepares them."""
    values = tf.cast(tf.convert_to_tensor(values), dtype)
    if sample_weight is not None:
        sample_weight = tf.cast(tf.convert_to_tensor(sample_weight), dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim, values_ndim = sample_weight.shape.rank, values.shape.rank
        if values_ndim > weight_ndim:
            values = reduce_fn(values, axis=list(range(weight_ndim, values_ndim)))
        if sample_weight.shape.as_list() != values.shape.as_list() or None in values.shape.as_list():
            sample_weight = sample_weight + tf.zeros_like(values)  # broadcast (shapes may be symbolic)
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=list(range(1, weight_ndim)))
    if values.shape.rank > 1:
        values = reduce_fn(values, axis=list(range(1, values.shape.rank)))
    return values, sample_weight


@keras_export(["keras.metrics.Sum"])
class Sum(Metric):
    """The (weighted) sum of all values seen."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, tf.reduce_sum, self.dtype)
        self.total.assign_add(tf.reduce_sum(values))

    def result(self):
        return tf.identity(self.total)


@keras_export(["keras.metrics.Mean"])
class Mean(Metric):
    """The (weighted) mean of all values seen: ``total / count``."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")
        self.count = self.add_variable((), name="count")

    def update_state(self, values, sample_weight=None):
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight, tf.reduce_mean, self.dtype)
        self.total.assign_add(tf.reduce_sum(values))
        if sample_weight is not None:
            num_samples = tf.reduce_sum(sample_weight)
        elif values.shape.rank >= 1:
            num_samples = tf.shape(values)[0]
        else:
            num_samples = 1
        self.count.assign_add(tf.cast(num_samples, self.dtype))

    def result(self):
        return tf.math.divide_no_nan(self.total, tf.cast(self.count, self.dtype))


@keras_export(["keras.metrics.MeanMetricWrapper"])
class MeanMetricWrapper(Mean):
    """The mean over all samples of ``fn(y_true, y_pred, **kwargs)``."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", "mean_metric_wrapper"), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self._dtype, **self._fn_kwargs}


def wrapper_class(class_name, fn, default_name, module, **defaults):
    """A ``MeanMetricWrapper`` subclass for ``fn`` with its keyword options (``threshold``, ``k`` …)."""

    def __init__(self, *args, name=default_name, dtype=None, **kwargs):
        options = dict(defaults)
        for key, value in zip(defaults, args):
            options[key] = value
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"{class_name}.__init__() got an unexpected keyword argument '{min(unknown)}'")
        options.update(kwargs)
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype, **options)

    cls = type(class_name, (MeanMetricWrapper,), {"__init__": __init__, "__module__": module,
                                                   "__doc__": f"``keras.metrics.{class_name}``: the mean of "
                                                              f"``{fn.__name__}`` over all samples seen."})
    return keras_export([f"keras.metrics.{class_name}"])(cls)
