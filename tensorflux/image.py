"""``tf.image``: image ops, codecs and resizing. Re-exports only.

The ops live in ``ops/image_ops.py``, the codecs in ``io.py`` and ``resize`` in ``ops/resize.py``.
"""

from .io import (  # noqa: F401
    decode_bmp,
    decode_gif,
    decode_image,
    decode_jpeg,
    decode_png,
    encode_jpeg,
    encode_png,
    is_jpeg,
)
from .ops.image_ops import (  # noqa: F401
    adjust_brightness,
    adjust_contrast,
    adjust_gamma,
    central_crop,
    convert_image_dtype,
    crop_to_bounding_box,
    flip_left_right,
    flip_up_down,
    grayscale_to_rgb,
    pad_to_bounding_box,
    per_image_standardization,
    random_brightness,
    random_contrast,
    random_crop,
    random_flip_left_right,
    random_flip_up_down,
    resize_with_crop_or_pad,
    resize_with_pad,
    rgb_to_grayscale,
    rot90,
    transpose,
)
from .ops.resize import ResizeMethod, resize  # noqa: F401
