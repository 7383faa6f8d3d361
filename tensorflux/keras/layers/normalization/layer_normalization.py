"""``LayerNormalization``: each example normalised over its feature axes (no moving statistics)."""

from __future__ import annotations

import warnings

import tensorflux as tf

from ... import constraints, initializers, regularizers
from ...api_export import keras_export
from ..layer import Layer
from .batch_normalization import _check_axes


def layer_normalization(x, gamma, beta, axis, epsilon):
    """``(x - mean) / sqrt(var + epsilon) * gamma + beta``, statistics over ``axis`` (float32 at least)."""
    original = x.dtype
    dtype = x.dtype if x.dtype in (tf.float32, tf.float64) else tf.float32
    x = tf.cast(x, dtype)
    rank = x.shape.rank
    axis = sorted(a % rank for a in axis)
    broadcast = [1] * rank
    for a in axis:
        broadcast[a] = x.shape[a]

    def expand(v):
        if v is None:
            return None
        v = tf.cast(v, dtype)
        return tf.reshape(v, broadcast) if axis != [rank - 1] else v

    mean, variance = tf.nn.moments(x, axes=axis, keepdims=True)
    inv = tf.math.rsqrt(variance + epsilon)
    gamma, beta = expand(gamma), expand(beta)
    if gamma is not None:
        inv = inv * gamma
    shift = -mean * inv
    if beta is not None:
        shift = shift + beta
    return tf.cast(x * inv + shift, original)


@keras_export("keras.layers.LayerNormalization")
class LayerNormalization(Layer):
    """Normalises each example over ``axis`` (the last by default), then scales and shifts.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> y = keras.layers.LayerNormalization()(tf.constant([[1.0, 3.0]]))
    >>> [round(float(v), 4) for v in y[0]]
    [-0.9995, 0.9995]
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        rms_scaling = kwargs.pop("rms_scaling", False)
        if rms_scaling:
            warnings.warn("You passed `rms_scaling=True`, which is deprecated. This argument incorrectly scales the "
                          "input by the variance, not the root mean square. To correctly use RMS Normalization, "
                          "please use `keras.layers.RMSNormalization` instead.", stacklevel=2)
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(f"Expected an int or a list/tuple of ints for the argument 'axis', but received: {axis!r}")
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.autocast = False

    def build(self, input_shape):
        if isinstance(self.axis, (list, tuple)):
            self.axis = sorted(self.axis)
            shape = tuple(input_shape[dim] for dim in self.axis)
        else:
            shape = (input_shape[self.axis],)
            self.axis = [self.axis]
        self.gamma = self.add_weight(name="gamma", shape=shape, initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                                     trainable=True, autocast=False) if self.scale or self.rms_scaling else None
        self.beta = self.add_weight(name="beta", shape=shape, initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                                    trainable=True, autocast=False) if self.center and not self.rms_scaling else None

    def call(self, inputs):
        if self.rms_scaling:
            variance = tf.math.reduce_variance(inputs, axis=self.axis, keepdims=True)
            outputs = inputs * tf.math.rsqrt(variance + self.epsilon) * self.gamma
        else:
            outputs = layer_normalization(inputs, self.gamma, self.beta, self.axis, self.epsilon)
        return tf.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        _check_axes(self.axis, input_shape)
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon, "center": self.center,
                "scale": self.scale, "rms_scaling": self.rms_scaling,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint)}
