"""``keras.ops`` neural-network functions: activations, convolutions, pooling, normalisation, losses."""

from __future__ import annotations

import tensorflux as tf

from .. import activations
from ..layers.convolutional.conv_utils import conv_transpose_output_shape, tf_data_format
from ..utils.dtype_utils import standardize_dtype
from .operation import keras_op


def _fmt(inputs, data_format):
    from .. import config

    return tf_data_format(config.standardize_data_format(data_format), inputs.shape.rank - 2)


def _tuple(value, rank):
    return (value,) * rank if isinstance(value, int) else tuple(value)


relu = keras_op(activations.relu)
relu6 = keras_op(activations.relu6)
sigmoid = keras_op(activations.sigmoid)
tanh = keras_op(activations.tanh)
softplus = keras_op(activations.softplus)
softsign = keras_op(activations.softsign)
silu = swish = keras_op(activations.silu)
gelu = keras_op(activations.gelu)
elu = keras_op(activations.elu)
selu = keras_op(activations.selu)
celu = keras_op(activations.celu)
glu = keras_op(activations.glu)
leaky_relu = keras_op(activations.leaky_relu)
hard_sigmoid = keras_op(activations.hard_sigmoid)
hard_silu = hard_swish = keras_op(activations.hard_silu)
hard_tanh = keras_op(activations.hard_tanh)
hard_shrink = keras_op(activations.hard_shrink)
soft_shrink = keras_op(activations.soft_shrink)
sparse_plus = keras_op(activations.sparse_plus)
sparse_sigmoid = keras_op(activations.sparse_sigmoid)
sparsemax = keras_op(activations.sparsemax)
squareplus = keras_op(activations.squareplus)
tanh_shrink = keras_op(activations.tanh_shrink)
threshold = keras_op(activations.threshold)
log_sigmoid = keras_op(activations.log_sigmoid)
mish = keras_op(activations.mish)


@keras_op
def softmax(x, axis=-1):
    return activations.softmax(x, axis=axis)


@keras_op
def log_softmax(x, axis=-1):
    return activations.log_softmax(x, axis=axis)


@keras_op
def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    inputs = tf.convert_to_tensor(inputs)
    rank = inputs.shape.rank - 2
    return tf.nn.convolution(inputs, kernel, strides=list(_tuple(strides, rank)), padding=padding.upper(),
                             data_format=_fmt(inputs, data_format), dilations=list(_tuple(dilation_rate, rank)))


@keras_op
def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    inputs = tf.convert_to_tensor(inputs)
    fmt = _fmt(inputs, data_format)
    s = _tuple(strides, 2)
    strides = (1, *s, 1) if fmt.endswith("C") else (1, 1, *s)
    return tf.nn.depthwise_conv2d(inputs, kernel, strides, padding.upper(), data_format=fmt,
                                  dilations=list(_tuple(dilation_rate, 2)))


@keras_op
def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid", data_format=None,
                   dilation_rate=1):
    inputs = tf.convert_to_tensor(inputs)
    fmt = _fmt(inputs, data_format)
    s = _tuple(strides, 2)
    strides = (1, *s, 1) if fmt.endswith("C") else (1, 1, *s)
    return tf.nn.separable_conv2d(inputs, depthwise_kernel, pointwise_kernel, strides, padding.upper(),
                                  data_format=fmt, dilations=list(_tuple(dilation_rate, 2)))


@keras_op
def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None, data_format=None,
                   dilation_rate=1):
    from .. import config

    inputs, kernel = tf.convert_to_tensor(inputs), tf.convert_to_tensor(kernel)
    rank = inputs.shape.rank - 2
    data_format = config.standardize_data_format(data_format)
    strides, dilation_rate = _tuple(strides, rank), _tuple(dilation_rate, rank)
    output_padding = None if output_padding is None else _tuple(output_padding, rank)
    shape = conv_transpose_output_shape(inputs.shape.as_list(), kernel.shape.as_list()[:-2], kernel.shape[-2],
                                        strides, padding, output_padding, data_format, dilation_rate)
    return tf.nn.conv_transpose(inputs, kernel, list(shape), list(strides), padding=padding.upper(),
                                data_format=tf_data_format(data_format, rank), dilations=list(dilation_rate))


@keras_op
def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    inputs = tf.convert_to_tensor(inputs)
    rank = inputs.shape.rank - 2
    pool_size = _tuple(pool_size, rank)
    strides = pool_size if strides is None else _tuple(strides, rank)
    return tf.nn.max_pool(inputs, list(pool_size), list(strides), padding.upper(), data_format=_fmt(inputs,
                                                                                                   data_format))


@keras_op
def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    inputs = tf.convert_to_tensor(inputs)
    rank = inputs.shape.rank - 2
    pool_size = _tuple(pool_size, rank)
    strides = pool_size if strides is None else _tuple(strides, rank)
    return tf.nn.avg_pool(inputs, list(pool_size), list(strides), padding.upper(), data_format=_fmt(inputs,
                                                                                                   data_format))


def moments(x, axes, keepdims=False, synchronized=False):
    return tf.nn.moments(x, axes=list(axes), keepdims=keepdims)


@keras_op
def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    if axis not in (-1, x.shape.rank - 1):
        shape = [1] * x.shape.rank
        shape[axis] = mean.shape[0]
        mean, variance = tf.reshape(mean, shape), tf.reshape(variance, shape)
        offset = None if offset is None else tf.reshape(offset, shape)
        scale = None if scale is None else tf.reshape(scale, shape)
    return tf.nn.batch_normalization(x, mean, variance, offset, scale, epsilon)


@keras_op
def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None):
    from .. import config
    from ..layers.normalization.layer_normalization import layer_normalization as normalize

    return normalize(x, gamma, beta, [axis] if isinstance(axis, int) else list(axis),
                     config.epsilon() if epsilon is None else epsilon)


@keras_op
def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    return tf.one_hot(tf.cast(x, "int64"), num_classes, axis=axis, dtype=standardize_dtype(dtype))


@keras_op
def multi_hot(inputs, num_classes, axis=-1, dtype=None, sparse=False):
    hot = tf.one_hot(tf.cast(inputs, "int64"), num_classes, axis=axis, dtype=standardize_dtype(dtype))
    return tf.reduce_max(hot, axis=-2 if axis == -1 else axis)


def top_k(x, k, sorted=True):
    return tf.math.top_k(x, k=k, sorted=sorted)


@keras_op
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    from .. import config

    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=output, axis=axis)
    output = output / tf.reduce_sum(output, axis=axis, keepdims=True)
    eps = config.epsilon()
    output = tf.clip_by_value(output, tf.cast(eps, output.dtype), tf.cast(1.0 - eps, output.dtype))
    return -tf.reduce_sum(target * tf.math.log(output), axis=axis)


@keras_op
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    depth = output.shape[axis]
    return categorical_crossentropy(tf.one_hot(tf.cast(target, "int64"), depth, dtype=output.dtype), output,
                                    from_logits=from_logits, axis=axis)


@keras_op
def binary_crossentropy(target, output, from_logits=False):
    from .. import config

    target = tf.cast(target, output.dtype)
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = config.epsilon()
    output = tf.clip_by_value(output, tf.cast(eps, output.dtype), tf.cast(1.0 - eps, output.dtype))
    return -(target * tf.math.log(output) + (1.0 - target) * tf.math.log(1.0 - output))
