"""``keras.regularizers``: weight penalties added to ``layer.losses`` (L1, L2, L1L2, Orthogonal)."""

from __future__ import annotations

import math

import numpy as np

import tensorflux as tf

from .api_export import keras_export
from .saving.serialization import deserialize_keras_object, serialize_keras_object
from .utils.naming import to_snake_case


def _validate_float(value, name):
    if not isinstance(value, (float, int)) or (math.isinf(value) or math.isnan(value)) or value < 0:
        raise ValueError(f"Invalid value for argument {name}: expected a non-negative float.Received: {name}={value}")
    return float(value)


@keras_export(["keras.Regularizer", "keras.regularizers.Regularizer"])
class Regularizer:
    """Base class: ``regularizer(weight)`` returns a scalar penalty."""

    def __call__(self, x):
        return 0.0

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_config(self) -> dict:
        raise NotImplementedError(f"{self} does not implement get_config()")


@keras_export(["keras.regularizers.L1L2", "keras.regularizers.l1_l2"])
class L1L2(Regularizer):
    """``l1 * sum(|x|) + l2 * sum(x²)``.

    >>> from tensorflux import keras
    >>> float(keras.regularizers.L1L2(l1=0.5, l2=1.0)([1.0, -2.0]))
    6.5
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _validate_float(0.0 if l1 is None else l1, "l1")
        self.l2 = _validate_float(0.0 if l2 is None else l2, "l2")

    def __call__(self, x):
        x = tf.convert_to_tensor(x)
        penalty = tf.zeros((), dtype=x.dtype)
        if self.l1 != 0.0:
            penalty += tf.cast(self.l1, x.dtype) * tf.reduce_sum(tf.abs(x))
        if self.l2 != 0.0:
            penalty += tf.cast(self.l2, x.dtype) * tf.reduce_sum(tf.square(x))
        return penalty

    def get_config(self) -> dict:
        return {"l1": float(self.l1), "l2": float(self.l2)}


@keras_export(["keras.regularizers.L1", "keras.regularizers.l1"])
class L1(Regularizer):
    """``l1 * sum(|x|)`` (``l1`` is kept as a float32 value, as Keras keeps it)."""

    def __init__(self, l1=0.01):
        self.l1 = float(np.float32(_validate_float(0.01 if l1 is None else l1, "l1")))

    def __call__(self, x):
        x = tf.convert_to_tensor(x)
        return tf.cast(self.l1, x.dtype) * tf.reduce_sum(tf.abs(x))

    def get_config(self) -> dict:
        return {"l1": float(self.l1)}


@keras_export(["keras.regularizers.L2", "keras.regularizers.l2"])
class L2(Regularizer):
    """``l2 * sum(x²)``."""

    def __init__(self, l2=0.01):
        self.l2 = _validate_float(0.01 if l2 is None else l2, "l2")

    def __call__(self, x):
        x = tf.convert_to_tensor(x)
        return tf.cast(self.l2, x.dtype) * tf.reduce_sum(tf.square(x))

    def get_config(self) -> dict:
        return {"l2": self.l2}


@keras_export(["keras.regularizers.OrthogonalRegularizer", "keras.regularizers.orthogonal_regularizer"])
class OrthogonalRegularizer(Regularizer):
    """Penalises non-orthogonal rows (or columns): mean |cos| between distinct unit vectors, times ``factor``."""

    def __init__(self, factor=0.01, mode="rows"):
        _validate_float(factor, "factor")
        self.factor = float(np.float32(factor))
        if mode not in {"rows", "columns"}:
            raise ValueError(f'Invalid value for argument `mode`. Expected one of {{"rows", "columns"}}. '
                             f"Received: mode={mode}")
        self.mode = mode

    def __call__(self, inputs):
        inputs = tf.convert_to_tensor(inputs)
        if inputs.shape.rank != 2:
            raise ValueError("Inputs to OrthogonalRegularizer must have rank 2. Received: "
                             f"inputs.shape={inputs.shape}")
        vectors = inputs if self.mode == "rows" else tf.transpose(inputs)
        normalized = tf.math.l2_normalize(vectors, axis=1)
        products = tf.matmul(normalized, normalized, transpose_b=True)
        size = products.shape[0]
        off_diagonal = products * (1.0 - tf.eye(size, dtype=products.dtype))
        return self.factor * tf.reduce_sum(tf.abs(off_diagonal)) / (size * (size - 1))

    def get_config(self) -> dict:
        return {"factor": self.factor, "mode": self.mode}


ALL_OBJECTS = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})
ALL_OBJECTS_DICT["l1_l2"] = L1L2


@keras_export("keras.regularizers.serialize")
def serialize(regularizer):
    return serialize_keras_object(regularizer)


@keras_export("keras.regularizers.deserialize")
def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects)


@keras_export("keras.regularizers.get")
def get(identifier):
    """A regularizer from a name (``"l2"``), a config, a callable, or ``None``."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier, None)
        if obj is None:
            obj = deserialize(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if isinstance(obj, type) else obj
    raise ValueError(f"Could not interpret regularizer identifier: {identifier}")
