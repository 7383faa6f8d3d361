"""``keras.utils.image_dataset_from_directory`` / ``text_dataset_from_directory``: tf.data's loaders
(``tensorflux/data/directory.py``) with Keras' default image data format."""

from __future__ import annotations

from ...data import directory as loaders
from .. import config


def image_dataset_from_directory(directory, *args, data_format=None, **kwargs):
    """A ``tf.data.Dataset`` of (image, label) batches from a folder per class (Keras' signature)."""
    return loaders.image_dataset_from_directory(directory, *args,
                                                data_format=data_format or config.image_data_format(), **kwargs)


text_dataset_from_directory = loaders.text_dataset_from_directory
