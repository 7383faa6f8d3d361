"""What ZeroPadding1D/2D/3D and Cropping1D/2D/3D share: ``(before, after)`` pairs per spatial axis."""

from __future__ import annotations

import tensorflux as tf

from ... import config
from ...utils.argument_validation import standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer

_ORDINAL = ("1st", "2nd", "3rd")
_COUNT = {2: "two", 3: "3"}


def standardize_pairs(value, rank, name, forms):
    """An int, ``rank`` ints or ``rank`` pairs → ``rank`` pairs, with Keras' messages."""
    if isinstance(value, int):
        if name == "cropping" and value < 0:
            raise ValueError(f"`cropping` cannot be negative. Received: cropping={value}.")
        return ((value, value),) * rank
    if hasattr(value, "__len__"):
        if len(value) != rank:
            if rank == 3:
                raise ValueError(f"`{name}` should have 3 elements. Received: {value}.")
            raise ValueError(f"`{name}` should have {_COUNT[rank]} elements. Received: {name}={value}.")
        return tuple(standardize_tuple(v, 2, f"{_ORDINAL[i]} entry of {name}", allow_zero=True)
                     for i, v in enumerate(value))
    raise ValueError(f"`{name}` should be either an int, {forms}. Received: {name}={value}.")


class SpatialLayer(Layer):
    """A layer acting on the ``rank`` spatial axes of ``(batch, *spatial, channels)`` inputs."""

    rank = 2

    def _setup(self, data_format):
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _spatial_axes(self):
        first = 2 if self.data_format == "channels_first" else 1
        return list(range(first, first + self.rank))


class BaseZeroPadding(SpatialLayer):
    """Pads the spatial axes with zeros."""

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self.padding):
            if shape[axis] is not None:
                shape[axis] += before + after
        return tuple(shape)

    def call(self, inputs):
        pads = [[0, 0]] * (self.rank + 2)
        for axis, pair in zip(self._spatial_axes(), self.padding):
            pads[axis] = list(pair)
        return tf.pad(inputs, pads)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}


class BaseCropping(SpatialLayer):
    """Crops the spatial axes."""

    def _check(self, shape, what):
        for axis, pair in zip(self._spatial_axes(), self.cropping):
            if shape[axis] is not None and sum(pair) >= shape[axis]:
                raise ValueError("Values in `cropping` argument should be smaller than the corresponding spatial "
                                 f"dimension of the input. Received: {what}, cropping={self.cropping}")

    def compute_output_shape(self, input_shape):
        self._check(input_shape, f"input_shape={tuple(input_shape)}")
        shape = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self.cropping):
            if shape[axis] is not None:
                shape[axis] -= before + after
        return tuple(shape)

    def call(self, inputs):
        self._check(inputs.shape.as_list(), f"inputs.shape={inputs.shape}")
        index = [slice(None)] * (self.rank + 2)
        for axis, (before, after) in zip(self._spatial_axes(), self.cropping):
            index[axis] = slice(before, -after if after else None)
        return inputs[tuple(index)]

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}
