"""``keras.losses``: loss classes, loss functions, and ``get``/``serialize``/``deserialize``."""

from __future__ import annotations

from ..api_export import keras_export
from ..saving.serialization import deserialize_keras_object, get_from_identifier, serialize_keras_object
from .classes import (
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalHinge,
    CosineSimilarity,
    Hinge,
    Huber,
    KLDivergence,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    Poisson,
    SparseCategoricalCrossentropy,
    SquaredHinge,
)
from .functions import (
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_hinge,
    cosine_similarity,
    hinge,
    huber,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
)
from .loss import Loss, LossFunctionWrapper

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh

ALL_OBJECTS = {
    cls.__name__: cls for cls in (
        Loss, LossFunctionWrapper, BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy,
        CategoricalHinge, CosineSimilarity, Hinge, Huber, KLDivergence, LogCosh, MeanAbsoluteError,
        MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError, Poisson,
        SparseCategoricalCrossentropy, SquaredHinge)
}
ALL_OBJECTS.update({fn.__name__: fn for fn in (
    binary_crossentropy, binary_focal_crossentropy, categorical_crossentropy, categorical_hinge, cosine_similarity,
    hinge, huber, kl_divergence, log_cosh, mean_absolute_error, mean_absolute_percentage_error, mean_squared_error,
    mean_squared_logarithmic_error, poisson, sparse_categorical_crossentropy, squared_hinge)})
ALL_OBJECTS.update({"mse": mse, "MSE": MSE, "mae": mae, "MAE": MAE, "mape": mape, "MAPE": MAPE, "msle": msle,
                    "MSLE": MSLE, "kld": kld, "KLD": KLD, "logcosh": logcosh,
                    "kullback_leibler_divergence": kl_divergence})


@keras_export(["keras.losses.serialize"])
def serialize(loss):
    return serialize_keras_object(loss)


@keras_export(["keras.losses.deserialize"])
def deserialize(name, custom_objects=None):
    return deserialize_keras_object(name, custom_objects=custom_objects, module_objects=ALL_OBJECTS)


@keras_export(["keras.losses.get"])
def get(identifier):
    """A loss from a name (``"mse"``, ``"categorical_crossentropy"``), a config, or a callable.

    >>> get("mse").__name__
    'mean_squared_error'
    """
    return get_from_identifier(identifier, ALL_OBJECTS, deserialize, "loss")
