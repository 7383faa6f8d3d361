"""``keras.applications.MobileNetV2`` (Sandler et al., 2018): inverted residuals, linear bottlenecks.

Layer names, order and sizes are Keras' exactly, so ImageNet weight files load into it.
"""

from __future__ import annotations

import warnings

from .. import layers
from ..api_export import keras_export
from ..config import image_data_format
from ..graph.keras_tensor import is_keras_tensor
from . import builder, imagenet_utils

BASE_WEIGHT_PATH = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
_IMAGENET_SIZES = (96, 128, 160, 192, 224)

# (filters, stride, expansion) of the 17 inverted residual blocks.
_BLOCKS = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6), (64, 1, 6),
           (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6),
           (320, 1, 6))


@keras_export(["keras.applications.mobilenet_v2.MobileNetV2", "keras.applications.MobileNetV2"])
def MobileNetV2(input_shape=None, alpha=1.0, include_top=True, weights="imagenet", input_tensor=None, pooling=None,
                classes=1000, classifier_activation="softmax", name=None):
    """Instantiates the MobileNetV2 architecture, optionally with weights pre-trained on ImageNet.

    Args:
        input_shape, alpha, include_top, weights, input_tensor, pooling, classes,
        classifier_activation: as for ``MobileNet`` (ImageNet weights exist for alpha 0.35, 0.5,
            0.75, 1.0, 1.3 and 1.4, and sizes 96 to 224).
        name: the model's name (default ``mobilenetv2_<alpha>_<rows>``).

    Returns:
        A ``keras.Model``. Scale its inputs with ``mobilenet_v2.preprocess_input``.

    >>> from tensorflux import keras
    >>> model = keras.applications.MobileNetV2(alpha=0.35, input_shape=(32, 32, 3), weights=None, classes=10)
    >>> model.name, model.output_shape, len(model.layers)
    ('mobilenetv2_0.35_32', (None, 10), 156)
    """
    builder.check_weights_arguments(
        weights, include_top, classes,
        "The `weights` argument should be either `None` (random initialization), `imagenet` (pre-training on "
        "ImageNet), or the path to the weights file to be loaded.  Received `weights={weights}`",
        'If using `weights="imagenet"` with `include_top` as true, `classes` should be 1000. '
        "Received `classes={classes}`")
    default_size = _default_size(input_shape, input_tensor)
    input_shape = imagenet_utils.obtain_input_shape(input_shape, default_size=default_size, min_size=32,
                                                    data_format=image_data_format(), require_flatten=include_top,
                                                    weights=weights)
    rows, cols = builder.spatial_size(input_shape)
    if weights == "imagenet":
        rows = _imagenet_rows(alpha, rows, cols)

    img_input = builder.image_input(input_tensor, input_shape)
    x = layers.Conv2D(_make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2), padding="same", use_bias=False,
                      name="Conv1")(img_input)
    x = _batch_norm(x, "bn_Conv1")
    x = layers.ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, filters=filters, alpha=alpha, stride=stride, expansion=expansion,
                                block_id=block_id)
    # The last convolution is not narrowed by alpha (the paper's choice); only widened.
    last_block_filters = _make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_block_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = _batch_norm(x, "Conv_1_bn")
    x = layers.ReLU(6.0, name="out_relu")(x)
    x = builder.dense_head(x, include_top, pooling, classes, classifier_activation, weights)
    model = builder.build_model(input_tensor, img_input, x, name or f"mobilenetv2_{alpha:0.2f}_{rows}")

    if weights == "imagenet":
        fname = (f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}"
                 f"{'' if include_top else '_no_top'}.h5")
        builder.load_weights(model, weights, (fname, BASE_WEIGHT_PATH + fname, None))
    else:
        builder.load_weights(model, weights)
    return model


def _default_size(input_shape, input_tensor) -> int:
    """The ImageNet size the input matches (224 when none), checking input_shape against input_tensor."""
    if input_shape is not None and input_tensor is not None:
        if not is_keras_tensor(input_tensor):
            raise ValueError(f"input_tensor is not a Keras tensor; Received `input_tensor={input_tensor}`")
        if image_data_format() == "channels_first" and input_tensor.shape[1] != input_shape[1]:
            raise ValueError("input_shape[1] must equal shape(input_tensor)[1] when `image_data_format` is "
                             f"`channels_first`; Received `input_tensor.shape={input_tensor.shape}`, "
                             f"`input_shape={input_shape}`")
        if image_data_format() == "channels_last" and input_tensor.shape[2] != input_shape[1]:
            raise ValueError("input_tensor.shape[2] must equal input_shape[1]; Received "
                             f"`input_tensor.shape={input_tensor.shape}`, `input_shape={input_shape}`")
    if input_shape is not None:
        rows, cols = builder.spatial_size(input_shape)
    elif input_tensor is not None and is_keras_tensor(input_tensor):
        rows, cols = builder.spatial_size(input_tensor.shape[1:])
    else:
        return 224
    return rows if rows == cols and rows in _IMAGENET_SIZES else 224


def _imagenet_rows(alpha, rows, cols) -> int:
    """The image size whose ImageNet weights to load (224 when the input is not one of theirs)."""
    if alpha not in [0.35, 0.50, 0.75, 1.0, 1.3, 1.4]:
        raise ValueError("If imagenet weights are being loaded, alpha must be one of `0.35`, `0.50`, `0.75`, `1.0`, "
                         f"`1.3` or `1.4` only; Received `alpha={alpha}`")
    if rows != cols or rows not in _IMAGENET_SIZES:
        warnings.warn("`input_shape` is undefined or non-square, or `rows` is not in [96, 128, 160, 192, 224]. "
                      "Weights for input shape (224, 224) will be loaded as the default.", stacklevel=3)
        return 224
    return rows


def _batch_norm(x, name):
    return layers.BatchNormalization(axis=builder.channel_axis(), epsilon=1e-3, momentum=0.999, name=name)(x)


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    """Expand (1x1), depthwise 3x3, project (1x1, linear); a residual add when the shapes allow."""
    in_channels = inputs.shape[builder.channel_axis()]
    pointwise_filters = _make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = f"block_{block_id}_"
    if block_id:
        x = layers.Conv2D(expansion * in_channels, kernel_size=1, padding="same", use_bias=False, activation=None,
                          name=f"{prefix}expand")(x)
        x = _batch_norm(x, f"{prefix}expand_BN")
        x = layers.ReLU(6.0, name=f"{prefix}expand_relu")(x)
    else:
        prefix = "expanded_conv_"  # the first block has no expansion, and Keras' old name
    if stride == 2:
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3), name=f"{prefix}pad")(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None, use_bias=False,
                               padding="same" if stride == 1 else "valid", name=f"{prefix}depthwise")(x)
    x = _batch_norm(x, f"{prefix}depthwise_BN")
    x = layers.ReLU(6.0, name=f"{prefix}depthwise_relu")(x)
    x = layers.Conv2D(pointwise_filters, kernel_size=1, padding="same", use_bias=False, activation=None,
                      name=f"{prefix}project")(x)
    x = _batch_norm(x, f"{prefix}project_BN")
    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=f"{prefix}add")([inputs, x])
    return x


def _make_divisible(v, divisor, min_value=None) -> int:
    """``v`` rounded to a multiple of ``divisor``, never more than 10% below ``v``."""
    min_value = divisor if min_value is None else min_value
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


preprocess_input = keras_export("keras.applications.mobilenet_v2.preprocess_input")(
    imagenet_utils.preprocess_tf_mode)
decode_predictions = keras_export("keras.applications.mobilenet_v2.decode_predictions")(
    imagenet_utils.decode_predictions)
