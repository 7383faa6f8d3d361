"""``BatchNormalization``: normalises with batch statistics in training, moving averages otherwise.

In training (``training=True`` and the layer trainable) the output uses the batch's mean and
variance and the moving statistics move towards them: ``moving = moving * momentum + batch *
(1 - momentum)``. In inference it uses the moving statistics. A frozen layer (``trainable =
False``) always runs in inference mode, as in Keras 3 (what transfer learning expects).
"""

from __future__ import annotations

import tensorflux as tf

from ... import constraints, initializers, regularizers
from ...api_export import keras_export
from ..input_spec import InputSpec
from ..layer import Layer


@keras_export("keras.layers.BatchNormalization")
class BatchNormalization(Layer):
    """``gamma * (x - mean) / sqrt(var + epsilon) + beta`` along ``axis`` (the features).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> bn = keras.layers.BatchNormalization()
    >>> y = bn(tf.constant([[1.0], [3.0]]), training=True)
    >>> [round(float(v), 4) for v in y[:, 0]]
    [-0.9995, 0.9995]
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, renorm_clipping=None, renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if renorm:
            raise NotImplementedError("Batch renormalization (`renorm=True`) is not supported by tensorflux.")
        self.axis = int(axis)
        self.synchronized = synchronized
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.renorm = renorm
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum

    def build(self, input_shape):
        shape = (input_shape[self.axis],)
        if self.scale:
            self.gamma = self.add_weight(shape=shape, name="gamma", initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                                         trainable=True, autocast=False)
        if self.center:
            self.beta = self.add_weight(shape=shape, name="beta", initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                                        trainable=True, autocast=False)
        self.moving_mean = self.add_weight(shape=shape, name="moving_mean", initializer=self.moving_mean_initializer,
                                           trainable=False, autocast=False)
        self.moving_variance = self.add_weight(shape=shape, name="moving_variance",
                                               initializer=self.moving_variance_initializer, trainable=False,
                                               autocast=False)
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: input_shape[self.axis]})
        reduction_axes = list(range(len(input_shape)))
        del reduction_axes[self.axis]
        self._reduction_axes = reduction_axes

    def compute_output_shape(self, input_shape):
        _check_axes(self.axis, input_shape)
        return input_shape

    def call(self, inputs, training=None, mask=None):
        dtype = inputs.dtype if inputs.dtype in (tf.float32, tf.float64) else tf.float32
        inputs = tf.cast(inputs, dtype)
        moving_mean = tf.cast(self.moving_mean, dtype)
        moving_variance = tf.cast(self.moving_variance, dtype)
        gamma = tf.cast(self.gamma, dtype) if self.scale else None
        beta = tf.cast(self.beta, dtype) if self.center else None
        if training and self.trainable:
            mean, variance = self._moments(inputs, mask)
            self.moving_mean.assign(tf.cast(moving_mean * self.momentum + mean * (1.0 - self.momentum),
                                            self.moving_mean.dtype))
            self.moving_variance.assign(tf.cast(moving_variance * self.momentum + variance * (1.0 - self.momentum),
                                                self.moving_variance.dtype))
        else:
            mean, variance = moving_mean, moving_variance
        if self.axis not in (-1, inputs.shape.rank - 1):
            shape = [1] * inputs.shape.rank
            shape[self.axis] = mean.shape[0]
            mean, variance = tf.reshape(mean, shape), tf.reshape(variance, shape)
            gamma = None if gamma is None else tf.reshape(gamma, shape)
            beta = None if beta is None else tf.reshape(beta, shape)
        outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma, self.epsilon)
        return tf.cast(outputs, self.compute_dtype)

    def _moments(self, inputs, mask):
        if mask is None:
            return tf.nn.moments(inputs, axes=self._reduction_axes)
        weights = tf.cast(tf.broadcast_to(tf.expand_dims(tf.cast(mask, tf.bool), -1), tf.shape(inputs)), inputs.dtype)
        total = tf.reduce_sum(weights, self._reduction_axes, keepdims=True)
        mean = tf.reduce_sum(inputs * weights, self._reduction_axes, keepdims=True) / (total + 1e-7)
        variance = tf.reduce_sum(tf.square(inputs - mean) * weights, self._reduction_axes, keepdims=True) / \
            (total + 1e-7)
        return tf.squeeze(mean, self._reduction_axes), tf.squeeze(variance, self._reduction_axes)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
                "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint), "synchronized": self.synchronized,
                "renorm": self.renorm, "renorm_clipping": self.renorm_clipping,
                "renorm_momentum": self.renorm_momentum}


def _check_axes(axes, input_shape):
    for axis in axes if isinstance(axes, (list, tuple)) else [axes]:
        if axis >= len(input_shape) or axis < -len(input_shape):
            raise ValueError(f"Axis {axis} is out of bounds for input shape {tuple(input_shape)}. Received: "
                             f"axis={axes}")
