"""``keras.optimizers``: the optimizers, their string names, and learning-rate schedules."""

from __future__ import annotations

from ..api_export import keras_export
from ..saving.serialization import deserialize_keras_object, serialize_keras_object
from . import schedules
from .adagrad import Adadelta, Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax, Nadam
from .lion import Ftrl, Lamb, Lion
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

ALL_OBJECTS = {cls.__name__.lower(): cls for cls in (Adadelta, Adagrad, Adam, AdamW, Adamax, Ftrl, Lamb, Lion,
                                                      Nadam, Optimizer, RMSprop, SGD)}

__all__ = [
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Ftrl",
    "Lamb",
    "Lion",
    "Nadam",
    "Optimizer",
    "RMSprop",
    "deserialize",
    "get",
    "schedules",
    "serialize",
]


@keras_export(["keras.optimizers.serialize"])
def serialize(optimizer):
    return serialize_keras_object(optimizer)


@keras_export(["keras.optimizers.deserialize"])
def deserialize(config, custom_objects=None, use_legacy_format=False):
    config = dict(config)
    if config.get("class_name", "").lower() in ALL_OBJECTS:
        config["class_name"] = config["class_name"].lower()
    return deserialize_keras_object(config, custom_objects=custom_objects, module_objects=ALL_OBJECTS)


@keras_export(["keras.optimizers.get"])
def get(identifier):
    """An optimizer from a name (``"adam"``, ``"sgd"``, case-insensitive), a config, or an instance.

    >>> get("sgd").__class__.__name__
    'SGD'
    """
    if identifier is None:
        return None
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str) and identifier.lower() in ALL_OBJECTS and identifier.lower() != "optimizer":
        return ALL_OBJECTS[identifier.lower()]()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
