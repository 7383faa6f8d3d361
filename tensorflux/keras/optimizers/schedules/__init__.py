"""``keras.optimizers.schedules``: learning rates that change with the step."""

from ...api_export import keras_export
from ...saving.serialization import deserialize_keras_object, serialize_keras_object
from .learning_rate_schedule import (
    CosineDecay,
    CosineDecayRestarts,
    ExponentialDecay,
    InverseTimeDecay,
    LearningRateSchedule,
    PiecewiseConstantDecay,
    PolynomialDecay,
)

ALL_OBJECTS = {cls.__name__: cls for cls in (CosineDecay, CosineDecayRestarts, ExponentialDecay, InverseTimeDecay,
                                             LearningRateSchedule, PiecewiseConstantDecay, PolynomialDecay)}


@keras_export(["keras.optimizers.schedules.serialize"])
def serialize(learning_rate_schedule):
    return serialize_keras_object(learning_rate_schedule)


@keras_export(["keras.optimizers.schedules.deserialize"])
def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, custom_objects=custom_objects, module_objects=ALL_OBJECTS)
