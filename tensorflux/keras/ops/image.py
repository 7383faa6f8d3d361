"""``keras.ops.image``: image resizing (bilinear and nearest)."""

from __future__ import annotations

import tensorflux as tf

from .. import config
from ..utils import image_utils


def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, data_format=None):
    """Resizes channels-last (or channels-first) images to ``size = (height, width)``."""
    channels_first = config.standardize_data_format(data_format) == "channels_first"
    if channels_first:
        images = tf.transpose(images, [0, 2, 3, 1] if images.shape.rank == 4 else [1, 2, 0])
    height, width = size
    if crop_to_aspect_ratio:
        images = image_utils.crop_to_aspect_ratio(images, height, width)
    elif pad_to_aspect_ratio:
        images = image_utils.pad_to_aspect_ratio(images, height, width, fill_value)
    out = image_utils.resize(images, size, interpolation)
    if channels_first:
        out = tf.transpose(out, [0, 3, 1, 2] if out.shape.rank == 4 else [2, 0, 1])
    return out
