"""``keras.metrics``: metric classes and functions, and ``get`` for names (``"accuracy"``, ``"mae"`` …)."""

from __future__ import annotations

from ..api_export import keras_export
from ..losses.functions import (
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_hinge,
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
from ..saving.serialization import deserialize_keras_object, get_from_identifier, serialize_keras_object
from .accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from .confusion_metrics import AUC, Precision, Recall
from .f_score_metrics import F1Score, FBetaScore
from .iou_metrics import MeanIoU
from .metric import Metric
from .reduction_metrics import Mean, MeanMetricWrapper, Sum
from .regression_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    CategoricalHinge,
    CosineSimilarity,
    Hinge,
    KLDivergence,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    Poisson,
    RootMeanSquaredError,
    SparseCategoricalCrossentropy,
    SquaredHinge,
)

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error

_CLASSES = (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, SparseTopKCategoricalAccuracy,
            TopKCategoricalAccuracy, AUC, Precision, Recall, F1Score, FBetaScore, MeanIoU, Metric, Mean,
            MeanMetricWrapper, Sum, BinaryCrossentropy, CategoricalCrossentropy, CategoricalHinge, CosineSimilarity,
            Hinge, KLDivergence, LogCoshError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError,
            MeanSquaredLogarithmicError, Poisson, RootMeanSquaredError, SparseCategoricalCrossentropy, SquaredHinge)
_FUNCTIONS = (accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
              sparse_top_k_categorical_accuracy, top_k_categorical_accuracy, binary_crossentropy,
              binary_focal_crossentropy, categorical_crossentropy, categorical_hinge, hinge, huber, kl_divergence,
              log_cosh, mean_absolute_error, mean_absolute_percentage_error, mean_squared_error,
              mean_squared_logarithmic_error, poisson, sparse_categorical_crossentropy, squared_hinge)
ALL_OBJECTS = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS.update({fn.__name__: fn for fn in _FUNCTIONS})
ALL_OBJECTS.update({"mse": mse, "MSE": MSE, "mae": mae, "MAE": MAE, "mape": mape, "MAPE": MAPE, "msle": msle,
                    "MSLE": MSLE, "auc": AUC, "AUC": AUC, "precision": Precision, "recall": Recall})


@keras_export(["keras.metrics.serialize"])
def serialize(metric):
    return serialize_keras_object(metric)


@keras_export(["keras.metrics.deserialize"])
def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, custom_objects=custom_objects, module_objects=ALL_OBJECTS)


@keras_export(["keras.metrics.get"])
def get(identifier):
    """A metric (or metric function) from a name, a config, or a callable.

    >>> get("mae").__name__
    'mean_absolute_error'
    """
    return get_from_identifier(identifier, ALL_OBJECTS, deserialize, "metric")
