"""``Resizing``: images resized to ``(height, width)``, optionally cropped or padded to its aspect ratio."""

from __future__ import annotations

import tensorflux as tf

from ... import config
from ...api_export import keras_export
from ...utils import image_utils
from ..layer import Layer


@keras_export("keras.layers.Resizing")
class Resizing(Layer):
    """Resizes a batch of images (``bilinear`` or ``nearest``).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Resizing(4, 6)(tf.ones((1, 2, 3, 3))).shape
    TensorShape([1, 4, 6, 3])
    """

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                 fill_mode="constant", fill_value=0.0, antialias=False, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.data_format = config.standardize_data_format(data_format)
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def call(self, inputs):
        images = inputs
        if self.data_format == "channels_first":
            images = tf.transpose(images, [0, 2, 3, 1] if images.shape.rank == 4 else [1, 2, 0])
        if self.crop_to_aspect_ratio:
            images = image_utils.crop_to_aspect_ratio(images, self.height, self.width)
        elif self.pad_to_aspect_ratio:
            images = image_utils.pad_to_aspect_ratio(images, self.height, self.width, self.fill_value)
        resized = image_utils.resize(images, (self.height, self.width), self.interpolation)
        if self.data_format == "channels_first":
            resized = tf.transpose(resized, [0, 3, 1, 2] if resized.shape.rank == 4 else [2, 0, 1])
        if resized.dtype != inputs.dtype and not inputs.dtype.is_floating:
            resized = tf.cast(tf.round(resized), inputs.dtype)
        return tf.cast(resized, self.compute_dtype) if inputs.dtype.is_floating else resized

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        if self.data_format == "channels_last":
            shape[-3], shape[-2] = self.height, self.width
        else:
            shape[-2], shape[-1] = self.height, self.width
        return tuple(shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format, "height": self.height, "width": self.width,
                "interpolation": self.interpolation, "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "antialias": self.antialias}
