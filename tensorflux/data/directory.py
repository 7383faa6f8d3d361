"""``image_dataset_from_directory`` and ``text_dataset_from_directory``: a folder per class.

Keras' algorithm, step by step, so the same folder and seed give the same files in the same
order and the same train/validation split as Keras: files are listed per class folder in
sorted order, shuffled with ``np.random.RandomState(seed)``, and the last ``validation_split``
of them form the validation subset. The datasets then shuffle with a buffer of
``8 * batch_size`` (Keras' choice; the order within it follows tensorflux's random stream),
load files on a thread pool and batch. An image that cannot be decoded raises an error that
names its file.
"""

from __future__ import annotations

import os

import numpy as np

from ..framework import dtypes
from ..framework.shape import TensorSpec
from . import options as options_lib
from .dataset import Dataset
from .mapping import MapDataset

IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")
_SAME_SIZE_IS_IDENTITY = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5")


# ---------------------------------------------------------------------------------------------
# Listing the files (Keras' dataset_utils).

def check_validation_split_arg(validation_split, subset, shuffle, seed):
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, received: {validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f'`subset` must be either "training", "validation" or "both", received: {subset}')
    if validation_split and shuffle and seed is None:
        raise ValueError("If using `validation_split` and shuffling the data, you must provide a `seed` argument, to "
                         "make sure that there is no overlap between the training and validation subset.")


def _valid_files(directory, follow_links, formats):
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links), key=lambda entry: entry[0]):
        for name in sorted(files):
            if name.lower().endswith(formats):
                yield root, name


def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None, follow_links=False,
                    verbose=True):
    """``(file_paths, labels, class_names)`` of the files under ``directory``, as Keras lists them."""
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"Directory not found: {directory}")
    if labels == "inferred":
        subdirs = [d for d in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(set(subdirs)):
                raise ValueError("The `class_names` passed did not match the names of the subdirectories of the "
                                 f"target directory. Expected: {subdirs} (or a subset of it), but received: "
                                 f"class_names={class_names}")
            subdirs = list(class_names)
    else:
        subdirs = [""]
        if class_names is not None:
            if labels is None:
                raise ValueError("When `labels=None` (no labels), argument `class_names` cannot be specified.")
            raise ValueError("When argument `labels` is specified, argument `class_names` cannot be specified (the "
                             "`class_names` will be the sorted list of labels).")
    class_names = subdirs
    filenames, found_labels = [], []
    for index, subdir in enumerate(subdirs):
        folder = os.path.join(directory, subdir)
        for root, name in _valid_files(folder, follow_links, formats):
            filenames.append(os.path.join(os.path.basename(folder), os.path.relpath(os.path.join(root, name), folder)))
            found_labels.append(index)
    if labels == "inferred":
        labels = np.array(found_labels, dtype="int32")
    elif labels is None:
        class_names = None
    else:
        if len(labels) != len(filenames):
            raise ValueError(f"Expected the lengths of `labels` to match the number of files in the target directory. "
                             f"len(labels) is {len(labels)} while we found {len(filenames)} files in directory "
                             f"{directory}.")
        class_names = [str(label) for label in sorted(set(labels))]
    if verbose:
        if labels is None:
            print(f"Found {len(filenames)} files.")
        else:
            print(f"Found {len(filenames)} files belonging to {len(class_names)} classes.")
    file_paths = [os.path.join(directory, name) for name in filenames]
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(file_paths)
        if labels is not None:
            np.random.RandomState(seed).shuffle(labels)
    return file_paths, labels, class_names


def get_training_or_validation_split(samples, labels, validation_split, subset):
    """The training part (all but the last ``validation_split``) or the validation part."""
    if not validation_split:
        return samples, labels
    num_val_samples = int(validation_split * len(samples))
    if subset == "training":
        print(f"Using {len(samples) - num_val_samples} files for training.")
        samples = samples[:-num_val_samples]
        labels = None if labels is None else labels[:-num_val_samples]
    elif subset == "validation":
        print(f"Using {num_val_samples} files for validation.")
        samples = samples[-num_val_samples:]
        labels = None if labels is None else labels[-num_val_samples:]
    else:
        raise ValueError(f'`subset` must be either "training" or "validation", received: {subset}')
    return samples, labels


def _label_array(labels, label_mode, num_classes):
    labels = np.asarray(labels, dtype=np.int32)
    if label_mode == "binary":
        return labels.astype(np.float32)[:, None]
    if label_mode == "categorical":
        return np.eye(num_classes, dtype=np.float32)[labels]
    return labels


def _label_spec(label_mode, num_classes):
    if label_mode == "binary":
        return TensorSpec((1,), dtypes.float32)
    if label_mode == "categorical":
        return TensorSpec((num_classes,), dtypes.float32)
    return TensorSpec((), dtypes.int32)


def _check_common(labels, label_mode, class_names, what):
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` argument should be a list/tuple of integer labels, of the same size as the "
                             f"number of {what} files in the target directory. If you wish to infer the labels from "
                             'the subdirectory names in the target directory, pass `labels="inferred"`. If you wish '
                             f"to get a dataset that only contains {what}s (no labels), pass `labels=None`. "
                             f"Received: labels={labels}")
        if class_names:
            raise ValueError(f'You can only pass `class_names` if `labels="inferred"`. Received: labels={labels}, '
                             f"and class_names={class_names}")
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", or None. Received: '
                         f"label_mode={label_mode}")


def _build(paths, labels, label_mode, class_names, load, element_spec, batch_size, shuffle, seed):
    """paths (+ labels) → shuffle → load on a thread pool → batch → prefetch, with Keras' attributes."""
    num_classes = len(class_names) if class_names else 0
    dataset = Dataset.from_tensor_slices(np.array([p.encode() for p in paths], dtype=object))
    if label_mode:
        labels_ds = Dataset.from_tensor_slices(_label_array(labels, label_mode, num_classes))
        dataset = Dataset.zip((dataset, labels_ds))
        element_spec = (element_spec, _label_spec(label_mode, num_classes))
        function = lambda path, label: (load(path), label)
    else:
        function = load
    if shuffle:
        dataset = dataset.shuffle(batch_size * 8 if batch_size is not None else 1024, seed=seed)
    dataset = MapDataset(dataset, function, options_lib.AUTOTUNE, output_spec=element_spec)
    if batch_size is not None:
        dataset = dataset.batch(batch_size)
    dataset = dataset.prefetch(options_lib.AUTOTUNE)
    dataset.class_names = class_names
    dataset.file_paths = list(paths)
    return dataset


def _subsets(paths, labels, validation_split, subset, what, directory, formats):
    """[(paths, labels, shuffled)] for the subset(s) asked for (Keras never shuffles the validation
    half of ``subset="both"``)."""
    wanted = ["training", "validation"] if subset == "both" else [subset]
    parts = []
    for name in wanted:
        part_paths, part_labels = get_training_or_validation_split(paths, labels, validation_split, name)
        if not part_paths:
            kind = f"{name} " if subset == "both" else ""
            raise ValueError(f"No {kind}{what} found in directory {directory}. Allowed format{formats}")
        parts.append((part_paths, part_labels, subset != "both" or name == "training"))
    return parts


# ---------------------------------------------------------------------------------------------
# Images.

def _image_loader(image_size, num_channels, interpolation, data_format, crop_to_aspect_ratio, pad_to_aspect_ratio):
    from .. import io as tf_io
    from ..ops import array as array_ops
    from ..ops import image_ops
    from ..ops import math as math_ops

    height, width = image_size

    def resize(image):
        from ..ops.resize import resize as resize_op  # the kernels' module; imported when used

        return resize_op(image, image_size, method=interpolation)

    def load(path):
        image = tf_io.decode_image(tf_io.read_file(path), channels=num_channels, expand_animations=False)
        if crop_to_aspect_ratio:
            image = resize(_aspect_crop(image, height, width))
        elif pad_to_aspect_ratio:
            image = image_ops.resize_with_pad(image, height, width, method=interpolation)
        elif tuple(image.shape[:2]) == (height, width) and interpolation in _SAME_SIZE_IS_IDENTITY:
            image = image if interpolation == "nearest" else math_ops.cast(image, dtypes.float32)  # no change
        else:
            image = resize(image)  # float32, except "nearest" which keeps the dtype (as tf.image.resize)
        return array_ops.transpose(image, [2, 0, 1]) if data_format == "channels_first" else image

    return load


def _aspect_crop(image, target_height, target_width):
    """The largest centred window with the target's aspect ratio (Keras' ``smart_resize`` crop)."""
    height, width = image.shape[0], image.shape[1]
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    top, left = int(float(height - crop_height) / 2), int(float(width - crop_width) / 2)
    return image[top:top + crop_height, left:left + crop_width, :]


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None, color_mode="rgb",
                                 batch_size=32, image_size=(256, 256), shuffle=True, seed=None,
                                 validation_split=None, subset=None, interpolation="bilinear", follow_links=False,
                                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, data_format=None,
                                 format="tf", verbose=True):
    """A dataset of ``(images, labels)`` batches from a folder of class folders (Keras' function).

    Images are float32 ``(batch, height, width, channels)`` in [0, 255], resized to ``image_size``
    (uint8 with ``interpolation="nearest"``, as Keras' resize keeps the dtype then);
    labels int32 (``label_mode="int"``), one-hot float32 (``"categorical"``) or float32 (batch, 1)
    (``"binary"``). ``subset="both"`` returns ``(training, validation)``. The datasets carry
    ``class_names`` and ``file_paths``.

    >>> import tensorflux as tf  # doctest: +SKIP
    >>> train, val = image_dataset_from_directory("photos", validation_split=0.2, subset="both",
    ...                                           seed=1, image_size=(64, 64))  # doctest: +SKIP
    """
    _check_common(labels, label_mode, class_names, "image")
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    channels_by_mode = {"rgb": 3, "rgba": 4, "grayscale": 1}
    if color_mode not in channels_by_mode:
        raise ValueError(f'`color_mode` must be one of {{"rgb", "rgba", "grayscale"}}. Received: color_mode={color_mode}')
    num_channels = channels_by_mode[color_mode]
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(f"Invalid `image_size` value. Expected a tuple of 2 integers. Received: image_size="
                         f"{image_size}")
    image_size = (int(image_size[0]), int(image_size[1]))
    interpolation = interpolation.lower()
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"Argument `interpolation` should be one of {_INTERPOLATIONS}. Received: "
                         f"interpolation={interpolation}")
    if format != "tf":
        raise ValueError(f'`format` must be "tf" in tensorflux (it has no Grain). Received: format={format}')
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError("Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be set to `True`.")
    data_format = data_format or "channels_last"
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = index_directory(directory, labels, IMAGE_FORMATS, class_names, shuffle, seed,
                                                 follow_links, verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f'When passing `label_mode="binary"`, there must be exactly 2 class_names. Received: '
                         f"class_names={class_names}")
    load = _image_loader(image_size, num_channels, interpolation, data_format, crop_to_aspect_ratio,
                         pad_to_aspect_ratio)
    shape = (image_size[0], image_size[1], num_channels)
    spec = TensorSpec(shape if data_format == "channels_last" else (num_channels,) + image_size,
                      dtypes.uint8 if interpolation == "nearest" else dtypes.float32)
    datasets = [_build(part_paths, part_labels, label_mode, class_names, load, spec, batch_size,
                       shuffle and shuffled, seed)
                for part_paths, part_labels, shuffled in _subsets(paths, labels, validation_split, subset,
                                                                     "images", directory, f"s: {IMAGE_FORMATS}")]
    return datasets if subset == "both" else datasets[0]


# ---------------------------------------------------------------------------------------------
# Texts.

def _text_loader(max_length):
    from .. import io as tf_io
    from ..framework.primitive import constant

    def load(path):
        text = tf_io.read_file(path)
        if max_length is None:
            return text
        value = np.empty((), dtype=object)
        value[()] = bytes(text.numpy()[:max_length])  # tf.strings.substr(text, 0, max_length): bytes
        return constant(value)

    return load


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None, batch_size=32,
                                max_length=None, shuffle=True, seed=None, validation_split=None, subset=None,
                                follow_links=False, format="tf", verbose=True):
    """A dataset of ``(texts, labels)`` batches from a folder of class folders of ``.txt`` files.

    Texts are scalar strings (the file's bytes, cut to ``max_length`` bytes when given); labels as
    for ``image_dataset_from_directory``.
    """
    _check_common(labels, label_mode, class_names, "text")
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    if format != "tf":
        raise ValueError(f'`format` must be "tf" in tensorflux (it has no Grain). Received: format={format}')
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = index_directory(directory, labels, (".txt",), class_names, shuffle, seed,
                                                 follow_links, verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f'When passing `label_mode="binary"`, there must be exactly 2 class_names. Received: '
                         f"class_names={class_names}")
    spec = TensorSpec((), dtypes.string)
    datasets = [_build(part_paths, part_labels, label_mode, class_names, _text_loader(max_length), spec, batch_size,
                       shuffle and shuffled, seed)
                for part_paths, part_labels, shuffled in _subsets(paths, labels, validation_split, subset,
                                                                     "text files", directory, ": .txt")]
    return datasets if subset == "both" else datasets[0]
