"""What ``keras.callbacks.TensorBoard`` writes, apart from its bookkeeping: the model's config for
the conceptual graph, and the weights as histograms and images, with Keras 3's tags.

The callback owns its writers (``<log_dir>/train`` and ``<log_dir>/validation``) and calls these
inside ``writer.as_default()``. Nothing here imports Keras: a model is anything with ``to_json()``
and ``layers`` whose ``weights`` have a ``path``.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..framework.primitive import convert_to_tensor
from .histogram import histogram
from .image import image
from .messages import PluginData, SummaryMetadata
from .state import summary_scope
from .write import write

KERAS_MODEL_PLUGIN = "graph_keras_model"


def keras_model_summary(name, data, step=None):
    """Writes a Keras model's JSON config, which TensorBoard's graph dashboard draws as the model's
    conceptual graph (plugin ``graph_keras_model``, content ``b"1"``), as Keras does.

    Returns:
        A bool tensor: True when written, False when there is no default writer; the Python value
        False (with a warning) when the model cannot be serialized to JSON.

    >>> import tempfile, tensorflux as tf
    >>> class Model:
    ...     def to_json(self):
    ...         return '{"class_name": "Sequential", "config": {"layers": []}}'
    >>> with tf.summary.create_file_writer(tempfile.mkdtemp()).as_default():
    ...     bool(keras_model_summary("keras", Model(), step=0))
    True
    """
    metadata = SummaryMetadata(plugin_data=PluginData(KERAS_MODEL_PLUGIN, b"1"))
    try:
        json_string = data.to_json()
    except Exception as exc:  # noqa: BLE001 - as Keras: a model that cannot be serialized must not break training
        warnings.warn(f"Model failed to serialize as JSON. Ignoring... {exc}")
        return False
    with summary_scope(name, "graph_keras_model", [data, step]) as (tag, _):
        return write(tag=tag, tensor=json_string, step=step, metadata=metadata)


def log_weights(model, step, write_images: bool = False, channels_last: bool = True) -> None:
    """Writes every layer weight as the histogram ``<weight path>/histogram`` (``:`` becomes ``_``),
    and, with ``write_images``, as the image ``<weight path>/image`` when it has an image form."""
    for layer in model.layers:
        for weight in layer.weights:
            weight_name = weight.path.replace(":", "_")
            histogram(f"{weight_name}/histogram", weight, step=step)
            if write_images:
                pixels = weight_as_image(convert_to_tensor(weight).numpy(), channels_last)
                if pixels is not None:
                    image(f"{weight_name}/image", pixels, step=step)


def weight_as_image(weight: np.ndarray, channels_last: bool = True):
    """Keras' picture of a weight as ``[k, h, w, c]`` images, or None when it has none: a bias as one
    row, a kernel as one image (its longer side across), a 3-D kernel as one gray image per output.

    >>> weight_as_image(np.ones((3, 2))).shape
    (1, 2, 3, 1)
    """
    pixels = np.squeeze(weight)
    shape = pixels.shape
    if len(shape) == 1:
        pixels = pixels.reshape(1, shape[0], 1, 1)
    elif len(shape) == 2:
        if shape[0] > shape[1]:
            pixels = pixels.T
            shape = pixels.shape
        pixels = pixels.reshape(1, shape[0], shape[1], 1)
    elif len(shape) == 3:
        if channels_last:
            pixels = np.transpose(pixels, (2, 0, 1))
            shape = pixels.shape
        pixels = pixels.reshape(shape[0], shape[1], shape[2], 1)
    if pixels.ndim == 4 and pixels.shape[-1] in (1, 3, 4):
        return pixels
    return None
