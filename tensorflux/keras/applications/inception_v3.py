"""``keras.applications.InceptionV3`` (Szegedy et al., 2016): parallel branches joined by concatenation.

Layers are created in Keras' order (their automatic names, ``conv2d_17`` …, depend on it), so
``model.layers[:249]`` and ImageNet weight files mean the same layers as in Keras.
"""

from __future__ import annotations

from .. import layers
from ..api_export import keras_export
from ..config import image_data_format
from . import builder, imagenet_utils

WEIGHTS_PATH = ("https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"
                "inception_v3_weights_tf_dim_ordering_tf_kernels.h5")
WEIGHTS_PATH_NO_TOP = ("https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"
                       "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5")
_IMAGENET_FILES = {
    True: ("inception_v3_weights_tf_dim_ordering_tf_kernels.h5", WEIGHTS_PATH, "9a0d58056eeedaa3f26cb7ebd46da564"),
    False: ("inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5", WEIGHTS_PATH_NO_TOP,
            "bcbd6486424b2319ff4ef7d526e38f63"),
}


@keras_export(["keras.applications.inception_v3.InceptionV3", "keras.applications.InceptionV3"])
def InceptionV3(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
                classes=1000, classifier_activation="softmax", name="inception_v3"):
    """Instantiates the Inception v3 architecture, optionally with weights pre-trained on ImageNet.

    Args:
        include_top: whether to include the classifier.
        weights: ``None`` (random), ``"imagenet"`` or the path of a weights file.
        input_tensor: a Keras tensor to use as the model's image input.
        input_shape: image shape without the batch axis (with the top: (299, 299, 3) for
            ImageNet weights); height and width at least 75.
        pooling: without the top, ``None`` (4D features), ``"avg"`` or ``"max"`` (a vector).
        classes: number of classes (1000 with ImageNet weights and the top).
        classifier_activation: activation of the top (``None`` for logits).
        name: the model's name.

    Returns:
        A ``keras.Model``. Scale its inputs with ``inception_v3.preprocess_input``.

    >>> from tensorflux import keras
    >>> model = keras.applications.InceptionV3(include_top=False, weights=None)
    >>> model.output_shape, len(model.layers)
    ((None, None, None, 2048), 311)
    """
    builder.check_weights_arguments(
        weights, include_top, classes,
        "The `weights` argument should be either `None` (random initialization), `imagenet` (pre-training on "
        "ImageNet), or the path to the weights file to be loaded; Received: weights={weights}",
        'If using `weights="imagenet"` with `include_top=True`, `classes` should be 1000. Received classes={classes}')
    input_shape = imagenet_utils.obtain_input_shape(input_shape, default_size=299, min_size=75,
                                                    data_format=image_data_format(), require_flatten=include_top,
                                                    weights=weights)
    img_input = builder.image_input(input_tensor, input_shape)
    x = _stem(img_input)
    x = _block_35x35(x, pool_filters=32, name="mixed0")
    x = _block_35x35(x, pool_filters=64, name="mixed1")
    x = _block_35x35(x, pool_filters=64, name="mixed2")
    x = _reduction_to_17x17(x)
    for i, width in enumerate((128, 160, 160, 192)):
        x = _block_17x17(x, width, name=f"mixed{4 + i}")
    x = _reduction_to_8x8(x)
    for i in range(2):
        x = _block_8x8(x, index=i)
    x = builder.dense_head(x, include_top, pooling, classes, classifier_activation, weights, pool_name="avg_pool")
    model = builder.build_model(input_tensor, img_input, x, name)
    builder.load_weights(model, weights, _IMAGENET_FILES[bool(include_top)])
    return model


def conv2d_bn(x, filters, num_row, num_col, padding="same", strides=(1, 1), name=None):
    """Convolution (no bias), batch normalization (no scale: ReLU follows), ReLU."""
    bn_name, conv_name = (f"{name}_bn", f"{name}_conv") if name is not None else (None, None)
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides, padding=padding, use_bias=False,
                      name=conv_name)(x)
    x = layers.BatchNormalization(axis=_channel_axis(), scale=False, name=bn_name)(x)
    return layers.Activation("relu", name=name)(x)


def _channel_axis() -> int:
    return 1 if image_data_format() == "channels_first" else 3


def _concatenate(branches, name=None):
    return layers.concatenate(branches, axis=_channel_axis(), name=name)


def _pooled_branch(x, filters):
    x = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x)
    return conv2d_bn(x, filters, 1, 1)


def _stem(x):
    x = conv2d_bn(x, 32, 3, 3, strides=(2, 2), padding="valid")
    x = conv2d_bn(x, 32, 3, 3, padding="valid")
    x = conv2d_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = conv2d_bn(x, 80, 1, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, 3, padding="valid")
    return layers.MaxPooling2D((3, 3), strides=(2, 2))(x)


def _block_35x35(x, pool_filters, name):
    """mixed0-2: 1x1, 5x5, double 3x3 and pooled branches."""
    branch1x1 = conv2d_bn(x, 64, 1, 1)
    branch5x5 = conv2d_bn(x, 48, 1, 1)
    branch5x5 = conv2d_bn(branch5x5, 64, 5, 5)
    branch3x3dbl = conv2d_bn(x, 64, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch_pool = _pooled_branch(x, pool_filters)
    return _concatenate([branch1x1, branch5x5, branch3x3dbl, branch_pool], name=name)


def _reduction_to_17x17(x):
    """mixed3: stride-2 branches halve the grid."""
    branch3x3 = conv2d_bn(x, 384, 3, 3, strides=(2, 2), padding="valid")
    branch3x3dbl = conv2d_bn(x, 64, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3, strides=(2, 2), padding="valid")
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return _concatenate([branch3x3, branch3x3dbl, branch_pool], name="mixed3")


def _block_17x17(x, width, name):
    """mixed4-7: 7x7 convolutions factorised into 1x7 and 7x1, ``width`` filters inside."""
    branch1x1 = conv2d_bn(x, 192, 1, 1)
    branch7x7 = conv2d_bn(x, width, 1, 1)
    branch7x7 = conv2d_bn(branch7x7, width, 1, 7)
    branch7x7 = conv2d_bn(branch7x7, 192, 7, 1)
    branch7x7dbl = conv2d_bn(x, width, 1, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, width, 7, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, width, 1, 7)
    branch7x7dbl = conv2d_bn(branch7x7dbl, width, 7, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, 192, 1, 7)
    branch_pool = _pooled_branch(x, 192)
    return _concatenate([branch1x1, branch7x7, branch7x7dbl, branch_pool], name=name)


def _reduction_to_8x8(x):
    """mixed8."""
    branch3x3 = conv2d_bn(x, 192, 1, 1)
    branch3x3 = conv2d_bn(branch3x3, 320, 3, 3, strides=(2, 2), padding="valid")
    branch7x7x3 = conv2d_bn(x, 192, 1, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 1, 7)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 7, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 3, 3, strides=(2, 2), padding="valid")
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return _concatenate([branch3x3, branch7x7x3, branch_pool], name="mixed8")


def _block_8x8(x, index):
    """mixed9-10: 3x3 convolutions split into parallel 1x3 and 3x1."""
    branch1x1 = conv2d_bn(x, 320, 1, 1)
    branch3x3 = conv2d_bn(x, 384, 1, 1)
    branch3x3_1 = conv2d_bn(branch3x3, 384, 1, 3)
    branch3x3_2 = conv2d_bn(branch3x3, 384, 3, 1)
    branch3x3 = _concatenate([branch3x3_1, branch3x3_2], name=f"mixed9_{index}")
    branch3x3dbl = conv2d_bn(x, 448, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 384, 3, 3)
    branch3x3dbl_1 = conv2d_bn(branch3x3dbl, 384, 1, 3)
    branch3x3dbl_2 = conv2d_bn(branch3x3dbl, 384, 3, 1)
    branch3x3dbl = _concatenate([branch3x3dbl_1, branch3x3dbl_2])
    branch_pool = _pooled_branch(x, 192)
    return _concatenate([branch1x1, branch3x3, branch3x3dbl, branch_pool], name=f"mixed{9 + index}")


preprocess_input = keras_export("keras.applications.inception_v3.preprocess_input")(
    imagenet_utils.preprocess_tf_mode)
decode_predictions = keras_export("keras.applications.inception_v3.decode_predictions")(
    imagenet_utils.decode_predictions)
