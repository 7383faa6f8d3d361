"""``keras.activations``: every Keras 3 activation, by function and by name, written in tf ops."""

from __future__ import annotations

import types
import warnings

import tensorflux as tf

from .api_export import keras_export
from .saving import object_registration
from .saving.serialization import deserialize_keras_object, serialize_keras_object

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _as_float(x):
    x = tf.convert_to_tensor(x)
    return x if x.dtype.is_floating else tf.cast(x, "float32")


@keras_export("keras.activations.relu")
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, with optional leak, cap and threshold, as Keras' ``relu``.

    >>> from tensorflux import keras
    >>> keras.activations.relu([-10.0, -5.0, 0.0, 5.0, 10.0], max_value=5.0).numpy()
    array([0., 0., 0., 5., 5.], dtype=float32)
    """
    x = _as_float(x)
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return tf.nn.leaky_relu(x, alpha=negative_slope)
        negative_part = tf.nn.relu(-x + threshold) if threshold != 0 else tf.nn.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        x = tf.where(x > tf.cast(threshold, x.dtype), x, tf.zeros_like(x))
    elif max_value == 6:
        x = tf.nn.relu6(x)
        clip_max = False
    else:
        x = tf.nn.relu(x)
    if clip_max:
        x = tf.clip_by_value(x, tf.cast(0.0, x.dtype), tf.cast(max_value, x.dtype))
    if negative_slope != 0.0:
        x = x - negative_slope * negative_part
    return x


@keras_export("keras.activations.leaky_relu")
def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(_as_float(x), alpha=negative_slope)


@keras_export("keras.activations.relu6")
def relu6(x):
    return tf.nn.relu6(_as_float(x))


@keras_export("keras.activations.softmax")
def softmax(x, axis=-1):
    """Softmax along ``axis`` (warns, as Keras does, when that axis has size 1)."""
    x = _as_float(x)
    if isinstance(axis, int) and x.shape.rank and x.shape[axis] == 1:
        warnings.warn(f"You are using a softmax over axis {axis} of a tensor of shape {x.shape}. This axis has "
                      "size 1. The softmax operation will always return the value 1, which is likely not what you "
                      "intended. Did you mean to use a sigmoid instead?", stacklevel=2)
    if isinstance(axis, int):
        return tf.nn.softmax(x, axis=axis)
    return tf.exp(x - tf.reduce_logsumexp(x, axis=axis, keepdims=True))


@keras_export("keras.activations.elu")
def elu(x, alpha=1.0):
    x = _as_float(x)
    if alpha == 1.0:
        return tf.nn.elu(x)
    return tf.where(x > 0, x, alpha * (tf.exp(tf.minimum(x, 0.0)) - 1.0))


@keras_export("keras.activations.selu")
def selu(x):
    return tf.nn.selu(_as_float(x))


@keras_export("keras.activations.softplus")
def softplus(x):
    return tf.math.softplus(_as_float(x))


@keras_export("keras.activations.softsign")
def softsign(x):
    return tf.math.softsign(_as_float(x))


@keras_export("keras.activations.soft_shrink")
def soft_shrink(x, threshold=0.5):
    x = _as_float(x)
    zeros = tf.zeros_like(x)
    return tf.where(x > threshold, x - threshold, tf.where(x < -threshold, x + threshold, zeros))


@keras_export("keras.activations.sparse_plus")
def sparse_plus(x):
    x = _as_float(x)
    return tf.where(x <= -1.0, tf.zeros_like(x), tf.where(x >= 1.0, x, tf.square(x + 1.0) / 4.0))


@keras_export(["keras.activations.silu", "keras.activations.swish"])
def silu(x):
    return tf.nn.silu(_as_float(x))


@keras_export("keras.activations.squareplus")
def squareplus(x, b=4):
    x = _as_float(x)
    return (x + tf.sqrt(tf.square(x) + tf.cast(b, x.dtype))) / 2.0


@keras_export("keras.activations.gelu")
def gelu(x, approximate=False):
    return tf.nn.gelu(_as_float(x), approximate=approximate)


@keras_export("keras.activations.celu")
def celu(x, alpha=1.0):
    x = _as_float(x)
    return tf.maximum(x, 0.0) + alpha * (tf.exp(tf.minimum(x, 0.0) / alpha) - 1.0)


@keras_export("keras.activations.glu")
def glu(x, axis=-1):
    x = _as_float(x)
    if x.shape[axis] is not None and x.shape[axis] % 2 != 0:
        raise ValueError("axis size must be divisible by 2. "
                         f"Received: x.shape={x.shape} with axis={axis}")
    a, b = tf.split(x, 2, axis=axis)
    return a * tf.sigmoid(b)


@keras_export("keras.activations.tanh")
def tanh(x):
    return tf.tanh(_as_float(x))


@keras_export("keras.activations.tanh_shrink")
def tanh_shrink(x):
    x = _as_float(x)
    return x - tf.tanh(x)


@keras_export("keras.activations.hard_tanh")
def hard_tanh(x):
    x = _as_float(x)
    return tf.clip_by_value(x, tf.cast(-1.0, x.dtype), tf.cast(1.0, x.dtype))


@keras_export("keras.activations.hard_shrink")
def hard_shrink(x, threshold=0.5):
    x = _as_float(x)
    return tf.where(tf.abs(x) > threshold, x, tf.zeros_like(x))


@keras_export("keras.activations.threshold")
def threshold(x, threshold, default_value):
    x = _as_float(x)
    return tf.where(x > threshold, x, tf.cast(tf.fill(tf.shape(x), default_value), x.dtype))


@keras_export("keras.activations.sigmoid")
def sigmoid(x):
    return tf.sigmoid(_as_float(x))


@keras_export("keras.activations.exponential")
def exponential(x):
    return tf.exp(_as_float(x))


@keras_export("keras.activations.hard_sigmoid")
def hard_sigmoid(x):
    """``relu6(x + 3) / 6``: 0 below -3, 1 above 3, linear between."""
    x = _as_float(x)
    return tf.nn.relu6(x + 3.0) / 6.0


@keras_export("keras.activations.log_sigmoid")
def log_sigmoid(x):
    return tf.math.log_sigmoid(_as_float(x))


@keras_export("keras.activations.sparse_sigmoid")
def sparse_sigmoid(x):
    x = _as_float(x)
    return tf.where(x <= -1.0, tf.zeros_like(x), tf.where(x >= 1.0, tf.ones_like(x), 0.5 * (x + 1.0)))


@keras_export(["keras.activations.hard_silu", "keras.activations.hard_swish"])
def hard_silu(x):
    x = _as_float(x)
    return x * hard_sigmoid(x)


@keras_export("keras.activations.linear")
def linear(x):
    """The identity."""
    return x


@keras_export("keras.activations.mish")
def mish(x):
    x = _as_float(x)
    return x * tf.tanh(tf.math.softplus(x))


@keras_export("keras.activations.log_softmax")
def log_softmax(x, axis=-1):
    return tf.nn.log_softmax(_as_float(x), axis=axis)


@keras_export("keras.activations.sparsemax")
def sparsemax(x, axis=-1):
    """Sparsemax (Martins & Astudillo, 2016): a Euclidean projection onto the simplex."""
    x = _as_float(x)
    rank = x.shape.rank
    axis = axis % rank
    if axis != rank - 1:
        perm = [i for i in range(rank) if i != axis] + [axis]
        return tf.transpose(sparsemax(tf.transpose(x, perm), -1), [perm.index(i) for i in range(rank)])
    z = tf.sort(x, axis=-1, direction="DESCENDING")
    cumulative = tf.cumsum(z, axis=-1)
    k = tf.cast(tf.range(1, tf.shape(x)[-1] + 1), x.dtype)
    support = tf.cast(1.0 + k * z > cumulative, x.dtype)
    k_z = tf.reduce_sum(support, axis=-1, keepdims=True)
    tau = (tf.reduce_sum(support * z, axis=-1, keepdims=True) - 1.0) / k_z
    return tf.maximum(x - tau, 0.0)


ALL_OBJECTS = (relu, leaky_relu, relu6, softmax, celu, elu, selu, softplus, softsign, squareplus, soft_shrink,
               sparse_plus, silu, gelu, glu, tanh, tanh_shrink, threshold, sigmoid, sparse_sigmoid, exponential,
               hard_sigmoid, hard_silu, hard_tanh, hard_shrink, linear, mish, log_softmax, log_sigmoid, sparsemax)
ALL_OBJECTS_DICT = {fn.__name__: fn for fn in ALL_OBJECTS}
ALL_OBJECTS_DICT["swish"] = silu
ALL_OBJECTS_DICT["hard_swish"] = hard_silu


@keras_export("keras.activations.serialize")
def serialize(activation):
    """A built-in activation's name (``'relu'``); the config of a custom one."""
    config = serialize_keras_object(activation)
    if not isinstance(config, dict) or "config" not in config:
        raise ValueError(f"Unknown activation function '{activation}' cannot be serialized due to invalid function "
                         "name. Make sure to use an activation name that matches the references defined in "
                         "activations.py or use `@keras.saving.register_keras_serializable()`to register any custom "
                         f"activations. config={config}")
    if not isinstance(activation, types.FunctionType):
        return config
    if ALL_OBJECTS_DICT.get(activation.__name__) is activation:
        return activation.__name__
    config["config"] = object_registration.get_registered_name(activation)
    return config


@keras_export("keras.activations.deserialize")
def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT)


@keras_export("keras.activations.get")
def get(identifier):
    """An activation from a name, a config, a callable, or ``None`` (linear).

    >>> from tensorflux import keras
    >>> keras.activations.get("relu") is keras.activations.relu
    True
    """
    if identifier is None:
        return linear
    if isinstance(identifier, dict):
        obj = deserialize_keras_object(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")
