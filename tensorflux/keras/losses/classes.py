"""The loss classes (``keras.losses.MeanSquaredError`` …): a loss function with its options."""

from __future__ import annotations

from ..api_export import keras_export
from . import functions as F
from .loss import LossFunctionWrapper


def _loss_class(class_name, fn, default_name, config_keys=(), **defaults):
    """A ``LossFunctionWrapper`` subclass whose keyword arguments (and defaults) are ``fn``'s options.

    ``get_config`` holds the name, the reduction and ``config_keys``: the options Keras 3 writes there.
    """

    def __init__(self, *args, reduction="sum_over_batch_size", name=default_name, dtype=None, **kwargs):
        options = dict(defaults)
        for key, value in zip(defaults, args):
            options[key] = value
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"{class_name}.__init__() got an unexpected keyword argument '{min(unknown)}'")
        options.update(kwargs)
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, dtype=dtype, **options)

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction, **{k: self._fn_kwargs[k] for k in config_keys}}

    cls = type(class_name, (LossFunctionWrapper,), {"__init__": __init__, "get_config": get_config,
                                                     "__doc__": f"``keras.losses.{class_name}``: ``{fn.__name__}``"
                                                                " with its options, weighted and reduced.",
                                                     "__module__": __name__})
    return keras_export([f"keras.losses.{class_name}"])(cls)


MeanSquaredError = _loss_class("MeanSquaredError", F.mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _loss_class("MeanAbsoluteError", F.mean_absolute_error, "mean_absolute_error")
MeanAbsolutePercentageError = _loss_class("MeanAbsolutePercentageError", F.mean_absolute_percentage_error,
                                          "mean_absolute_percentage_error")
MeanSquaredLogarithmicError = _loss_class("MeanSquaredLogarithmicError", F.mean_squared_logarithmic_error,
                                          "mean_squared_logarithmic_error")
Huber = _loss_class("Huber", F.huber, "huber_loss", delta=1.0)
LogCosh = _loss_class("LogCosh", F.log_cosh, "log_cosh")
KLDivergence = _loss_class("KLDivergence", F.kl_divergence, "kl_divergence")
Poisson = _loss_class("Poisson", F.poisson, "poisson")
CosineSimilarity = _loss_class("CosineSimilarity", F.cosine_similarity, "cosine_similarity", axis=-1)
Hinge = _loss_class("Hinge", F.hinge, "hinge")
SquaredHinge = _loss_class("SquaredHinge", F.squared_hinge, "squared_hinge")
CategoricalHinge = _loss_class("CategoricalHinge", F.categorical_hinge, "categorical_hinge")
_CE_KEYS = ("from_logits", "label_smoothing", "axis")
BinaryCrossentropy = _loss_class("BinaryCrossentropy", F.binary_crossentropy, "binary_crossentropy", _CE_KEYS,
                                 from_logits=False, label_smoothing=0.0, axis=-1)
BinaryFocalCrossentropy = _loss_class("BinaryFocalCrossentropy", F.binary_focal_crossentropy,
                                      "binary_focal_crossentropy", ("apply_class_balancing", "alpha", "gamma") + _CE_KEYS,
                                      apply_class_balancing=False, alpha=0.25,
                                      gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1)
CategoricalCrossentropy = _loss_class("CategoricalCrossentropy", F.categorical_crossentropy,
                                      "categorical_crossentropy", _CE_KEYS, from_logits=False, label_smoothing=0.0, axis=-1)
SparseCategoricalCrossentropy = _loss_class("SparseCategoricalCrossentropy", F.sparse_categorical_crossentropy,
                                            "sparse_categorical_crossentropy", ("from_logits", "ignore_class"),
                                            from_logits=False, ignore_class=None,
                                            axis=-1)
