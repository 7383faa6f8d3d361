"""What every application shares: argument checks, the input, the pooling head, the weights.

Each model file builds only its own body and passes its own error messages (Keras words them a
little differently for each model, and we print what Keras prints).
"""

from __future__ import annotations

import os

from .. import layers
from ..config import image_data_format
from ..graph.keras_tensor import is_keras_tensor
from ..utils.file_utils import get_file


def check_weights_arguments(weights, include_top, classes, weights_message, classes_message) -> None:
    """``weights`` is None, "imagenet" or an existing file; ImageNet's classifier has 1000 classes.

    The messages are format strings with ``{weights}`` / ``{classes}`` in them.
    """
    if not (weights in {"imagenet", None} or os.path.exists(weights)):
        raise ValueError(weights_message.format(weights=weights))
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError(classes_message.format(classes=classes))


def spatial_size(shape) -> tuple:
    """(rows, cols) of an image shape without its batch axis."""
    return tuple(shape[:2]) if image_data_format() == "channels_last" else tuple(shape[1:3])


def channel_axis() -> int:
    return 1 if image_data_format() == "channels_first" else -1


def image_input(input_tensor, input_shape):
    """The tensor the body starts from: a new ``Input``, or the caller's ``input_tensor``."""
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not is_keras_tensor(input_tensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def dense_head(x, include_top, pooling, classes, classifier_activation, weights, pool_name=None):
    """The classifier top (average pooling, then a dense layer), or else the ``pooling`` head."""
    from . import imagenet_utils

    if not include_top:
        return pooling_head(x, pooling)
    x = layers.GlobalAveragePooling2D(name=pool_name)(x)
    imagenet_utils.validate_activation(classifier_activation, weights)
    return layers.Dense(classes, activation=classifier_activation, name="predictions")(x)


def pooling_head(x, pooling):
    """Without the classifier top: the feature map as it is, or pooled to a vector."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D()(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D()(x)
    return x


def build_model(input_tensor, img_input, outputs, name):
    """A functional model from the graph's true inputs (``input_tensor`` may hang off earlier layers)."""
    from ..models import Model

    inputs = source_inputs(input_tensor) if input_tensor is not None else img_input
    return Model(inputs, outputs, name=name)


def source_inputs(tensor) -> list:
    """The ``Input`` tensors that ``tensor`` is computed from (``keras.utils.get_source_inputs``)."""
    history = tensor._keras_history
    if history is None or history.operation is None:
        return [tensor]
    node = history.operation._inbound_nodes[history.node_index]
    if node.is_input:
        return [tensor]
    found = []
    for parent in node.input_tensors:
        found.extend(x for x in source_inputs(parent) if not any(x is y for y in found))
    return found


def load_weights(model, weights, imagenet_file=None) -> None:
    """Loads ``weights``: a file path, or "imagenet" (``imagenet_file`` = (name, url, hash), via the cache).

    ImageNet files are legacy Keras 2 ``.h5`` weight files, loaded layer by layer in order, as
    ``model.load_weights`` loads any such file.
    """
    if weights == "imagenet":
        fname, origin, file_hash = imagenet_file
        model.load_weights(get_file(fname, origin, cache_subdir="models", file_hash=file_hash))
    elif weights is not None:
        model.load_weights(weights)
