"""``keras.applications.MobileNet`` (Howard et al., 2017): depthwise-separable convolutions.

Layer names, order and sizes are Keras' exactly, so ImageNet weight files load into it.
"""

from __future__ import annotations

import warnings

from .. import layers
from ..api_export import keras_export
from ..config import image_data_format
from . import builder, imagenet_utils

BASE_WEIGHT_PATH = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/"
_IMAGENET_SIZES = (128, 160, 192, 224)
_ALPHA_TEXT = {1.0: "1_0", 0.75: "7_5", 0.50: "5_0", 0.25: "2_5"}  # as in the weight files' names

# (pointwise filters, stride) of the 13 depthwise-separable blocks.
_BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1),
           (512, 1), (1024, 2), (1024, 1))


@keras_export(["keras.applications.mobilenet.MobileNet", "keras.applications.MobileNet"])
def MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1, dropout=1e-3, include_top=True, weights="imagenet",
              input_tensor=None, pooling=None, classes=1000, classifier_activation="softmax", name=None):
    """Instantiates the MobileNet architecture, optionally with weights pre-trained on ImageNet.

    Args:
        input_shape: image shape without the batch axis (with the top: (224, 224, 3) for
            ImageNet weights); height and width at least 32.
        alpha: width multiplier (fraction of the paper's filters in each layer).
        depth_multiplier: depthwise convolution channel multiplier (1 for ImageNet weights).
        dropout: dropout rate before the classifier.
        include_top: whether to include the classifier.
        weights: ``None`` (random), ``"imagenet"`` or the path of a weights file.
        input_tensor: a Keras tensor to use as the model's image input.
        pooling: without the top, ``None`` (4D features), ``"avg"`` or ``"max"`` (a vector).
        classes: number of classes (1000 with ImageNet weights and the top).
        classifier_activation: activation of the top (``None`` for logits).
        name: the model's name (default ``mobilenet_<alpha>_<rows>``).

    Returns:
        A ``keras.Model``. Scale its inputs with ``mobilenet.preprocess_input``.

    >>> from tensorflux import keras
    >>> model = keras.applications.MobileNet(alpha=0.25, input_shape=(32, 32, 3), weights=None, classes=10)
    >>> model.name, model.output_shape, len(model.layers)
    ('mobilenet_0.25_32', (None, 10), 91)
    """
    builder.check_weights_arguments(
        weights, include_top, classes,
        "The `weights` argument should be either `None` (random initialization), 'imagenet' (pre-training on "
        "ImageNet), or the path to the weights file to be loaded. Received weights={weights}",
        "If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  Received classes={classes}")
    default_size = 224
    if input_shape is not None:
        rows, cols = builder.spatial_size(input_shape)
        default_size = rows if rows == cols and rows in _IMAGENET_SIZES else 224
    input_shape = imagenet_utils.obtain_input_shape(input_shape, default_size=default_size, min_size=32,
                                                    data_format=image_data_format(), require_flatten=include_top,
                                                    weights=weights)
    rows, cols = builder.spatial_size(input_shape)
    if weights == "imagenet":
        rows = _imagenet_rows(alpha, depth_multiplier, rows, cols)

    img_input = builder.image_input(input_tensor, input_shape)
    x = _conv_block(img_input, 32, alpha, strides=(2, 2))
    for block_id, (filters, stride) in enumerate(_BLOCKS, start=1):
        x = _depthwise_conv_block(x, filters, alpha, depth_multiplier, strides=(stride, stride), block_id=block_id)
    if include_top:
        x = _classifier(x, classes, dropout, classifier_activation, weights)
    else:
        x = builder.pooling_head(x, pooling)
    model = builder.build_model(input_tensor, img_input, x, name or f"mobilenet_{alpha:0.2f}_{rows}")

    if weights == "imagenet":
        fname = f"mobilenet_{_ALPHA_TEXT.get(alpha, '2_5')}_{rows}_tf{'' if include_top else '_no_top'}.h5"
        builder.load_weights(model, weights, (fname, BASE_WEIGHT_PATH + fname, None))
    else:
        builder.load_weights(model, weights)
    return model


def _imagenet_rows(alpha, depth_multiplier, rows, cols) -> int:
    """The image size whose ImageNet weights to load (224 when the input is not one of theirs)."""
    if depth_multiplier != 1:
        raise ValueError("If imagenet weights are being loaded, depth multiplier must be 1.  "
                         f"Received depth_multiplier={depth_multiplier}")
    if alpha not in [0.25, 0.50, 0.75, 1.0]:
        raise ValueError("If imagenet weights are being loaded, alpha can be one of`0.25`, `0.50`, `0.75` or `1.0` "
                         f"only.  Received alpha={alpha}")
    if rows != cols or rows not in _IMAGENET_SIZES:
        warnings.warn("`input_shape` is undefined or non-square, or `rows` is not in [128, 160, 192, 224]. Weights "
                      "for input shape (224, 224) will be loaded as the default.", stacklevel=3)
        return 224
    return rows


def _classifier(x, classes, dropout, classifier_activation, weights):
    """MobileNet's top: pooled features, dropout, and a 1x1 convolution as the dense layer."""
    x = layers.GlobalAveragePooling2D(keepdims=True)(x)
    x = layers.Dropout(dropout, name="dropout")(x)
    x = layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
    x = layers.Reshape((classes,), name="reshape_2")(x)
    imagenet_utils.validate_activation(classifier_activation, weights)
    return layers.Activation(activation=classifier_activation, name="predictions")(x)


def _conv_block(inputs, filters, alpha, kernel=(3, 3), strides=(1, 1)):
    """The stem: convolution, batch normalization, ReLU6."""
    x = layers.Conv2D(int(filters * alpha), kernel, padding="same", use_bias=False, strides=strides,
                      name="conv1")(inputs)
    x = layers.BatchNormalization(axis=builder.channel_axis(), name="conv1_bn")(x)
    return layers.ReLU(6.0, name="conv1_relu")(x)


def _depthwise_conv_block(inputs, pointwise_conv_filters, alpha, depth_multiplier=1, strides=(1, 1), block_id=1):
    """Depthwise 3x3 convolution then pointwise 1x1, each with batch normalization and ReLU6.

    A stride-2 block pads bottom and right by one and convolves "valid" (TF's "same" for even sizes).
    """
    x = inputs
    if strides != (1, 1):
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name=f"conv_pad_{block_id}")(x)
    x = layers.DepthwiseConv2D((3, 3), padding="same" if strides == (1, 1) else "valid",
                               depth_multiplier=depth_multiplier, strides=strides, use_bias=False,
                               name=f"conv_dw_{block_id}")(x)
    x = layers.BatchNormalization(axis=builder.channel_axis(), name=f"conv_dw_{block_id}_bn")(x)
    x = layers.ReLU(6.0, name=f"conv_dw_{block_id}_relu")(x)
    x = layers.Conv2D(int(pointwise_conv_filters * alpha), (1, 1), padding="same", use_bias=False, strides=(1, 1),
                      name=f"conv_pw_{block_id}")(x)
    x = layers.BatchNormalization(axis=builder.channel_axis(), name=f"conv_pw_{block_id}_bn")(x)
    return layers.ReLU(6.0, name=f"conv_pw_{block_id}_relu")(x)


# The scaling of every model trained by the "tf" recipe, and ImageNet's class names.
preprocess_input = keras_export("keras.applications.mobilenet.preprocess_input")(imagenet_utils.preprocess_tf_mode)
decode_predictions = keras_export("keras.applications.mobilenet.decode_predictions")(
    imagenet_utils.decode_predictions)
