"""``Cropping1D``: steps cut from the start and end of sequences."""

from __future__ import annotations

from ...api_export import keras_export
from ...utils.argument_validation import standardize_tuple
from .base_padding import BaseCropping


@keras_export("keras.layers.Cropping1D")
class Cropping1D(BaseCropping):
    """``cropping``: an int (both ends) or ``(start, end)``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Cropping1D((1, 2))(tf.ones((1, 6, 1))).shape
    TensorShape([1, 3, 1])
    """

    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self._setup("channels_last")
        self.cropping = (standardize_tuple(cropping, 2, "cropping", allow_zero=True),)

    def compute_output_shape(self, input_shape):
        if input_shape[1] is not None and input_shape[1] - sum(self.cropping[0]) <= 0:
            raise ValueError("`cropping` parameter of `Cropping1D` layer must be smaller than the input length. "
                             f"Received: input_shape={tuple(input_shape)}, cropping={self.cropping[0]}")
        return super().compute_output_shape(input_shape)

    def call(self, inputs):
        if inputs.shape[1] is not None and sum(self.cropping[0]) >= inputs.shape[1]:
            raise ValueError("`cropping` parameter of `Cropping1D` layer must be smaller than the input length. "
                             f"Received: inputs.shape={inputs.shape}, cropping={self.cropping[0]}")
        return super().call(inputs)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("data_format")
        return {**config, "cropping": self.cropping[0]}
