"""``keras.applications.imagenet_utils``: input scaling, ImageNet class names, input-shape checks."""

from __future__ import annotations

import json
import warnings

import numpy as np

from ..api_export import keras_export
from ..config import floatx, image_data_format
from ..utils.file_utils import get_file

CLASS_INDEX = None  # ImageNet's {"0": ["n01440764", "tench"], …}, read once on first use (as Keras does)
CLASS_INDEX_PATH = "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
CLASS_INDEX_HASH = "c2c37ea517e94d9795004a39431a14cb"

# Per-channel ImageNet statistics, RGB order.
_CAFFE_MEAN = (103.939, 116.779, 123.68)  # BGR order: caffe models take BGR images
_TORCH_MEAN = (0.485, 0.456, 0.406)
_TORCH_STD = (0.229, 0.224, 0.225)


@keras_export("keras.applications.imagenet_utils.preprocess_input")
def preprocess_input(x, data_format=None, mode="caffe"):
    """Scales a batch of images the way a model's ImageNet weights expect.

    Args:
        x: images (NumPy array or tensor, 3D or 4D) with values in [0, 255].
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: the global setting).
        mode: ``"tf"`` scales to [-1, 1]; ``"torch"`` to [0, 1] then normalises each channel;
            ``"caffe"`` flips RGB to BGR and subtracts the ImageNet mean of each channel.

    Returns:
        The scaled images. Like Keras, a float NumPy array is scaled in place.

    >>> import numpy as np
    >>> preprocess_input(np.array([0.0, 127.5, 255.0]), mode="tf")
    array([-1.,  0.,  1.])
    """
    if mode not in {"caffe", "tf", "torch"}:
        raise ValueError(f"Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode={mode}")
    if data_format is None:
        data_format = image_data_format()
    elif data_format not in {"channels_first", "channels_last"}:
        raise ValueError("Expected data_format to be one of `channels_first` or `channels_last`. "
                         f"Received: data_format={data_format}")
    if isinstance(x, np.ndarray):
        return _preprocess_numpy(x, data_format, mode)
    return _preprocess_tensor(x, data_format, mode)


def preprocess_tf_mode(x, data_format=None):
    """Scales images from [0, 255] to [-1, 1] (``mode="tf"``), as MobileNet(V2) and InceptionV3 expect.

    >>> import numpy as np
    >>> preprocess_tf_mode(np.array([[0, 255]], dtype="uint8"))
    array([[-1.,  1.]], dtype=float32)
    """
    return preprocess_input(x, data_format=data_format, mode="tf")


def _preprocess_numpy(x, data_format, mode):
    if not issubclass(x.dtype.type, np.floating):
        x = x.astype(floatx(), copy=False)
    if mode == "tf":
        x /= 127.5  # in place, as Keras does
        x -= 1.0
        return x
    if mode == "torch":
        x /= 255.0
        mean, std = _TORCH_MEAN, _TORCH_STD
    else:
        x = _rgb_to_bgr(x, data_format)
        mean, std = _CAFFE_MEAN, None
    shape = _channel_shape(x.ndim, data_format)
    x -= np.reshape(np.asarray(mean, x.dtype), shape)
    if std is not None:
        x /= np.reshape(np.asarray(std, x.dtype), shape)
    return x


def _preprocess_tensor(x, data_format, mode):
    import tensorflux as tf

    if mode == "tf":
        return x / 127.5 - 1.0
    if mode == "torch":
        x = x / 255.0
        mean, std = _TORCH_MEAN, _TORCH_STD
    else:
        channel_axis = _channel_axis(len(x.shape), data_format)
        x = tf.reverse(x, axis=[channel_axis])
        mean, std = _CAFFE_MEAN, None
    shape = _channel_shape(len(x.shape), data_format)
    x = x - tf.constant(np.reshape(np.asarray(mean), shape), dtype=x.dtype)
    if std is not None:
        x = x / tf.constant(np.reshape(np.asarray(std), shape), dtype=x.dtype)
    return x


def _channel_axis(ndim, data_format) -> int:
    if data_format == "channels_last":
        return ndim - 1
    return 0 if ndim == 3 else 1


def _channel_shape(ndim, data_format) -> tuple:
    """A shape that broadcasts three per-channel values over images of rank ``ndim``."""
    shape = [1] * ndim
    shape[_channel_axis(ndim, data_format)] = 3
    return tuple(shape)


def _rgb_to_bgr(x, data_format):
    axis = _channel_axis(x.ndim, data_format)
    return np.flip(x, axis=axis).copy() if axis != x.ndim - 1 else x[..., ::-1].copy()


@keras_export("keras.applications.imagenet_utils.decode_predictions")
def decode_predictions(preds, top=5):
    """The ``top`` ImageNet classes of each prediction, as ``(class_name, description, score)``.

    Args:
        preds: a batch of predictions, shape ``(samples, 1000)``.
        top: how many guesses to return for each sample.

    Returns:
        One list of tuples per sample, best guess first.
    """
    global CLASS_INDEX

    preds = np.asarray(preds.numpy() if hasattr(preds, "numpy") else preds)
    if len(preds.shape) != 2 or preds.shape[1] != 1000:
        raise ValueError("`decode_predictions` expects a batch of predictions (i.e. a 2D array of shape "
                         f"(samples, 1000)). Received array with shape: {preds.shape}")
    if CLASS_INDEX is None:
        path = get_file("imagenet_class_index.json", CLASS_INDEX_PATH, cache_subdir="models",
                        file_hash=CLASS_INDEX_HASH)
        with open(path) as f:
            CLASS_INDEX = json.load(f)
    results = []
    for pred in preds:
        best = pred.argsort()[-top:][::-1]
        results.append(sorted((tuple(CLASS_INDEX[str(i)]) + (pred[i],) for i in best),
                              key=lambda guess: guess[2], reverse=True))
    return results


def obtain_input_shape(input_shape, default_size, min_size, data_format, require_flatten, weights=None):
    """The model's input shape: ``input_shape`` checked, or the default one (Keras' rules and messages).

    Args:
        input_shape: ``None`` or the shape the user asked for, without the batch axis.
        default_size: the model's usual height and width.
        min_size: the smallest height and width the model accepts.
        data_format: ``"channels_last"`` or ``"channels_first"``.
        require_flatten: whether the classifier top is included (then the shape must be static).
        weights: ``"imagenet"`` requires three channels and, with the top, the default shape.
    """
    channels_last = data_format != "channels_first"
    default_shape = _default_shape(input_shape, default_size, channels_last, weights)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and input_shape != default_shape:
            raise ValueError("When setting `include_top=True` and loading `imagenet` weights, "
                             f"`input_shape` should be {default_shape}.  Received: input_shape={input_shape}")
        return default_shape
    if input_shape:
        _check_given_shape(input_shape, min_size, channels_last, weights)
    elif require_flatten:
        input_shape = default_shape
    else:
        input_shape = (None, None, 3) if channels_last else (3, None, None)
    if require_flatten and None in input_shape:
        raise ValueError("If `include_top` is True, you should specify a static `input_shape`. "
                         f"Received: input_shape={input_shape}")
    return input_shape


def _default_shape(input_shape, default_size, channels_last, weights) -> tuple:
    """The default size with the user's channel count (ImageNet weights always take three)."""
    if weights == "imagenet" or not input_shape or len(input_shape) != 3:
        return (default_size, default_size, 3) if channels_last else (3, default_size, default_size)
    channels = input_shape[-1] if channels_last else input_shape[0]
    if channels not in {1, 3}:
        warnings.warn("This model usually expects 1 or 3 input channels. However, it was passed an input_shape "
                      f"with {channels} input channels.", stacklevel=4)
    return (default_size, default_size, channels) if channels_last else (channels, default_size, default_size)


def _check_given_shape(input_shape, min_size, channels_last, weights) -> None:
    if len(input_shape) != 3:
        raise ValueError("`input_shape` must be a tuple of three integers.")
    channels = input_shape[-1] if channels_last else input_shape[0]
    if channels != 3 and weights == "imagenet":
        raise ValueError(f"The input must have 3 channels; Received `input_shape={input_shape}`")
    rows, cols = input_shape[:2] if channels_last else input_shape[1:]
    if (rows is not None and rows < min_size) or (cols is not None and cols < min_size):
        raise ValueError(f"Input size must be at least {min_size}x{min_size}; Received: input_shape={input_shape}")


def correct_pad(inputs, kernel_size) -> tuple:
    """The zero padding that makes a stride-2 "valid" convolution see the image as TF's "same" would.

    >>> from tensorflux import keras
    >>> correct_pad(keras.Input((32, 32, 3)), 3)
    ((0, 1), (0, 1))
    """
    first = 2 if image_data_format() == "channels_first" else 1
    size = inputs.shape[first:first + 2]
    kernel_size = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    adjust = (1, 1) if size[0] is None else (1 - size[0] % 2, 1 - size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return (correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1])


def validate_activation(classifier_activation, weights) -> None:
    """Pretrained classifier weights go with a softmax (or no activation: logits) only."""
    from .. import activations

    if weights is None:
        return
    activation = activations.get(classifier_activation)
    if activation not in {activations.get("softmax"), activations.get(None)}:
        raise ValueError("Only `None` and `softmax` activations are allowed for the `classifier_activation` argument "
                         "when using pretrained weights, with `include_top=True`; Received: "
                         f"classifier_activation={activation}")
