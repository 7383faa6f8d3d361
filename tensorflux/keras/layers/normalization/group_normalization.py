"""``GroupNormalization``: channels split into groups, each normalised per example."""

from __future__ import annotations

import tensorflux as tf

from ... import constraints, initializers, regularizers
from ...api_export import keras_export
from ..input_spec import InputSpec
from ..layer import Layer
from .batch_normalization import _check_axes


@keras_export("keras.layers.GroupNormalization")
class GroupNormalization(Layer):
    """Statistics over each group of ``channels / groups`` channels (and the spatial axes).

    ``groups=-1`` is instance normalization, ``groups=1`` layer normalization over all axes.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.GroupNormalization(groups=2)(tf.ones((1, 3, 4))).shape
    TensorShape([1, 3, 4])
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        if not isinstance(groups, int) or (groups <= 0 and groups != -1):
            raise ValueError("Received an invalid value for argument `groups`, expected a positive integer (or `-1` "
                             f"for instance normalization). Received: groups={groups}")
        super().__init__(**kwargs)
        self.supports_masking = True
        self.autocast = False
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def build(self, input_shape):
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined dimension but the layer received "
                             f"an input with shape {tuple(input_shape)}.")
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups:
            raise ValueError(f"Number of groups ({self.groups}) cannot be more than the number of channels ({dim}).")
        if dim % self.groups != 0:
            raise ValueError(f"Number of groups ({self.groups}) must be a multiple of the number of channels ({dim}).")
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        self.gamma = self.add_weight(shape=(dim,), name="gamma", initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                                     autocast=False) if self.scale else None
        self.beta = self.add_weight(shape=(dim,), name="beta", initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                                    autocast=False) if self.center else None

    def call(self, inputs):
        rank = inputs.shape.rank
        axis = self.axis % rank
        static = inputs.shape.as_list()
        dynamic = tf.shape(inputs)
        group_shape = [static[i] if static[i] is not None else dynamic[i] for i in range(rank)]
        group_shape[0] = -1
        group_shape[axis] = static[axis] // self.groups
        group_shape.insert(axis, self.groups)
        grouped = tf.reshape(inputs, tf.stack(group_shape) if any(tf.is_tensor(d) for d in group_shape) else
                             group_shape)
        dtype = grouped.dtype if grouped.dtype in (tf.float32, tf.float64) else tf.float32
        grouped = tf.cast(grouped, dtype)
        reduction_axes = [i for i in range(1, rank + 1) if i != axis]
        broadcast = [1] * rank
        broadcast[axis] = static[axis] // self.groups
        broadcast.insert(axis, self.groups)
        mean, variance = tf.nn.moments(grouped, axes=reduction_axes, keepdims=True)
        inv = tf.math.rsqrt(variance + self.epsilon)
        if self.scale:
            inv = inv * tf.cast(tf.reshape(self.gamma, broadcast), dtype)
        shift = -mean * inv
        if self.center:
            shift = shift + tf.cast(tf.reshape(self.beta, broadcast), dtype)
        outputs = tf.reshape(grouped * inv + shift, dynamic)
        return tf.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        _check_axes(self.axis, input_shape)
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "groups": self.groups, "axis": self.axis, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint)}
