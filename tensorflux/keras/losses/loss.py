"""``keras.losses.Loss``: the base class, and the wrapper that turns a loss function into one."""

from __future__ import annotations

import tensorflux as tf

from ..api_export import keras_export
from ..saving.serialization import deserialize_keras_object, serialize_keras_object
from .reduction import reduce_weighted_values, squeeze_or_expand_to_same_rank, standardize_reduction


@keras_export(["keras.Loss", "keras.losses.Loss"])
class Loss:
    """A loss: ``call(y_true, y_pred)`` gives per-sample values; ``__call__`` weights and reduces them.

    >>> from tensorflux import keras
    >>> class Absolute(keras.losses.Loss):
    ...     def call(self, y_true, y_pred):
    ...         return abs(y_true - y_pred)
    >>> float(Absolute()([1.0, 2.0], [2.0, 4.0]))
    1.5
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or _snake(self.__class__.__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype = dtype

    @property
    def dtype(self):
        return self._dtype or "float32"

    def __call__(self, y_true, y_pred, sample_weight=None):
        mask = getattr(y_pred, "_keras_mask", None)
        y_pred = _to_tensors(y_pred, self.dtype)
        y_true = _to_tensors(y_true, self.dtype)
        losses = self.call(y_true, y_pred)
        return reduce_weighted_values(losses, sample_weight=sample_weight, mask=mask, reduction=self.reduction,
                                      dtype=self.dtype)

    def call(self, y_true, y_pred):
        raise NotImplementedError

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _to_tensors(x, dtype):
    """Dicts (and lists of tensors) are structures of outputs; anything else is one tensor."""
    if isinstance(x, dict):
        return {k: _to_tensor(v, dtype) for k, v in x.items()}
    if isinstance(x, (list, tuple)) and x and all(tf.is_tensor(v) for v in x):
        return type(x)(_to_tensor(v, dtype) for v in x)
    return _to_tensor(x, dtype)


def _to_tensor(x, dtype):
    if tf.is_tensor(x) and not x.dtype.is_floating:
        return x  # integer labels stay integers (sparse losses need them)
    tensor = tf.convert_to_tensor(x)
    return tf.cast(tensor, dtype) if tensor.dtype != dtype else tensor


def _snake(name: str) -> str:
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class LossFunctionWrapper(Loss):
    """A ``Loss`` whose ``call`` is a loss function with fixed keyword arguments."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config):
        if "fn" in config:
            config = dict(config, fn=deserialize_keras_object(config["fn"]))
        return cls(**config)

    def __repr__(self) -> str:
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"


__all__ = ["Loss", "LossFunctionWrapper", "serialize_keras_object"]
