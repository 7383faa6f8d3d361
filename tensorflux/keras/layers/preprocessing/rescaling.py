"""``Rescaling``: ``inputs * scale + offset`` (e.g. pixel values 0..255 → 0..1)."""

from __future__ import annotations

import tensorflux as tf

from ... import config
from ...api_export import keras_export
from ...saving.serialization import deserialize_keras_object, serialize_keras_object
from ..layer import Layer


@keras_export("keras.layers.Rescaling")
class Rescaling(Layer):
    """Rescales inputs (cast to the layer's dtype) by ``scale`` and ``offset``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Rescaling(1 / 255)(tf.constant([0, 255])).numpy()
    array([0., 1.], dtype=float32)
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True

    def call(self, inputs):
        dtype = self.compute_dtype
        scale = tf.cast(self.scale, dtype)
        offset = tf.cast(self.offset, dtype)
        if scale.shape.rank and config.image_data_format() == "channels_first":
            scale = tf.reshape(scale, scale.shape.as_list() + [1] * (3 - scale.shape.rank))
        return tf.cast(inputs, dtype) * scale + offset

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": serialize_keras_object(self.scale),
                "offset": serialize_keras_object(self.offset)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["scale"] = deserialize_keras_object(config["scale"], custom_objects=custom_objects)
        config["offset"] = deserialize_keras_object(config["offset"], custom_objects=custom_objects)
        return super().from_config(config)
