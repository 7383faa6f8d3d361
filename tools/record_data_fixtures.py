"""Records real TensorFlow's ``tf.data``, ``tf.image`` and ``tf.io`` behaviour into ``tests/fixtures/data/``.

Run it with the reference environment (it needs TensorFlow and Keras; the tests never do)::

    TF_CPP_MIN_LOG_LEVEL=3 ~/.tfref/bin/python tools/record_data_fixtures.py

- ``pipelines.json``: each case is an expression (with ``tf`` and ``np``) that builds a dataset or
  computes a value; stored are the element_spec, the cardinality and the elements — or the
  error's class and message. ``tests/data/test_fixtures.py`` evaluates the same expressions
  with tensorflux and compares.
- ``images.json``: ``tf.image`` ops on small fixed arrays.
- ``codecs.json`` / ``codecs.npz``: image files made with Pillow (their bytes) and what ``tf.io``
  decodes from them (or the error).
- ``directory.json`` / ``directory.npz``: Keras' ``image_dataset_from_directory`` and
  ``text_dataset_from_directory`` on a folder layout that the tests recreate file for file.
Shuffle orders are not recorded: TF's random streams are not reproduced (the tests check the
buffer's semantics instead).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import pathlib
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "data"
sys.path.insert(0, str(ROOT / "tests" / "data"))
from fixture_format import clean_message, encode
from layouts import IMAGE_LAYOUT, TEXT_LAYOUT, make_image_tree, make_text_tree

tf.autograph.set_verbosity(0)
LIMIT = 60  # elements recorded per dataset

R = "tf.data.Dataset.range"
S = "tf.data.Dataset.from_tensor_slices"
FILL = "lambda x: tf.fill([x], x)"

PIPELINES = [
    # sources
    f"{S}([1, 2, 3])",
    f"{S}(([1, 2], [3.0, 4.0]))",
    f"{S}({{'b': [1, 2], 'a': np.zeros((2, 3))}})",
    f"{S}([[1, 2], [3, 4]])",
    f"{S}(['a', 'bc'])",
    f"{S}(np.arange(6.0).reshape(3, 2))",
    f"{S}((np.arange(3), (['x', 'y', 'z'], np.ones((3, 2), np.float16))))",
    f"{S}(([1, 2], [3, 4, 5]))",
    f"{S}(1)",
    "tf.data.Dataset.from_tensors([1, 2])",
    "tf.data.Dataset.from_tensors((1, 'x', 2.5))",
    f"{R}(5)",
    f"{R}(2, 10, 3)",
    f"{R}(5, 0, -2)",
    f"{R}(3, output_type=tf.int32)",
    f"{R}(0)",
    "tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3]]), output_signature=tf.TensorSpec((None,), tf.int32))",
    "tf.data.Dataset.from_generator(lambda: iter([(1, [2.0])]), output_types=(tf.int32, tf.float32))",
    ("tf.data.Dataset.from_generator(lambda: iter([(1, [2.0])]), output_types=(tf.int32, tf.float32), "
    "output_shapes=((), (None,)))"),
    "tf.data.Dataset.from_generator(lambda: iter([{'a': 1.5}]), output_signature={'a': tf.TensorSpec((), tf.float64)})",
    "tf.data.Dataset.from_generator(lambda n: iter(range(n)), args=(3,), output_signature=tf.TensorSpec((), tf.int64))",
    "tf.data.Dataset.from_generator(lambda: iter([[1, 2, 3]]), output_signature=tf.TensorSpec((2,), tf.int32))",
    "tf.data.Dataset.from_generator(lambda: iter([1]), output_signature=(tf.TensorSpec(()), tf.TensorSpec(())))",
    "tf.data.Dataset.from_generator(lambda: iter([1]))",
    # repeat / batch / take / skip combinations: the order of elements
    f"{R}(5).repeat(2).batch(3)",
    f"{R}(5).batch(3).repeat(2)",
    f"{R}(10).batch(3, drop_remainder=True)",
    f"{R}(7).batch(3).batch(2)",
    f"{R}(5).repeat(3).batch(4, drop_remainder=True).take(2)",
    f"{R}(10).skip(3).take(4)",
    f"{R}(10).take(-1)",
    f"{R}(10).skip(-1)",
    f"{R}(10).take(0)",
    f"{R}(4).repeat().take(10)",
    f"{R}(3).repeat(0)",
    f"{R}(0).repeat()",
    f"{R}(10).shard(3, 1)",
    f"{R}(10).shard(3, 3)",
    f"{R}(10).batch(0)",
    f"{R}(3).shuffle(0)",
    f"{S}(([1, 2, 3], ['a', 'b', 'c'])).batch(2)",
    f"{S}({{'a': [1, 2, 3]}}).batch(2)",
    ("tf.data.Dataset.from_generator(lambda: iter([[1], [1, 2]]), output_signature=tf.TensorSpec((None,), "
    "tf.int32)).batch(2)"),
    # unbatch / rebatch
    f"{R}(10).batch(3).unbatch()",
    "tf.data.Dataset.from_tensors(([1, 2], [[3], [4]])).unbatch()",
    "tf.data.Dataset.from_tensors(([1, 2], [3, 4, 5])).unbatch()",
    f"{R}(3).unbatch()",
    f"{R}(10).batch(4).rebatch(3)",
    f"{R}(10).batch(4).rebatch(3, drop_remainder=True)",
    f"{R}(10).batch(4).rebatch([2, 1])",
    # padded_batch
    f"{R}(1, 5).map({FILL}).padded_batch(2)",
    f"{R}(1, 5).map({FILL}).padded_batch(2, padded_shapes=[5], padding_values=np.int64(-1))",
    f"{R}(1, 5).map({FILL}).padded_batch(2, padded_shapes=[2])",
    f"{R}(1, 3).map(lambda x: (tf.fill([x], x), tf.fill([x], 'a'))).padded_batch(2)",
    f"{R}(1, 3).map({FILL}).padded_batch(2, padding_values=-1)",
    f"{R}(1, 5).map({FILL}).padded_batch(3, drop_remainder=True)",
    f"{R}(1, 5).padded_batch(3)",
    "tf.data.Dataset.from_tensors(tf.zeros((2, 3))).padded_batch(2, padded_shapes=[4, 5])",
    "tf.data.Dataset.from_tensors(tf.zeros((2, 3))).padded_batch(2, padded_shapes=[None, None])",
    "tf.data.Dataset.from_tensors(tf.zeros((2, 3))).padded_batch(2, padded_shapes=[4])",
    "tf.data.Dataset.from_tensors(tf.zeros((2, 3))).padded_batch(2, padded_shapes=[1, 5])",
    ("tf.data.Dataset.from_tensors((tf.zeros((2,)), tf.ones((1,)))).padded_batch(1, padded_shapes=([3], [2]), "
    "padding_values=7.0)"),
    "tf.data.Dataset.from_tensors(tf.constant(['a'])).padded_batch(1, padded_shapes=[2], padding_values='z')",
    "tf.data.Dataset.from_generator(lambda: iter([1]), output_types=tf.int32).padded_batch(2)",
    # map / filter and the specs they infer
    f"{R}(3).map(lambda x: [x, x])",
    f"{R}(3).map(lambda x: (x, 1.0, 2, 's'))",
    f"{R}(3).map(lambda x: {{'a': x, 'b': tf.cast(x, tf.float32) * 2.0}})",
    f"{R}(4).map(lambda x: tf.range(x))",
    f"{R}(3).map(lambda x: (np.float64(1.5), np.arange(3)))",
    f"{R}(6).map(lambda x: x * 2, num_parallel_calls=3)",
    f"{R}(20).map(lambda x: x + 1, num_parallel_calls=tf.data.AUTOTUNE).batch(7)",
    f"{R}(3).map(lambda x: x, num_parallel_calls=0)",
    f"{S}({{'a': [1, 2]}}).map(lambda d: d['a'] * 2)",
    f"{S}(([1, 2], ([3, 4], [5, 6]))).map(lambda a, bc: a + bc[0] + bc[1])",
    f"{R}(10).filter(lambda x: x % 3 == 0)",
    f"{S}(([1, 2, 3], [4, 5, 6])).filter(lambda a, b: a > 1)",
    f"{R}(5).filter(lambda x: x)",
    f"{R}(10).take_while(lambda x: x < 4)",
    f"{R}(5).scan(np.int64(0), lambda s, x: (s + x, s * 10))",
    f"{S}([1, 3, 1, 2, 3]).unique()",
    # flat_map / interleave: TF's order
    f"{R}(4).flat_map(lambda x: tf.data.Dataset.range(x))",
    f"{R}(1, 6).interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(6), cycle_length=2, block_length=4)",
    f"{R}(1, 6).interleave(lambda x: tf.data.Dataset.range(10 * x, 10 * x + x), cycle_length=3, block_length=2)",
    (f"{R}(1, 6).interleave(lambda x: tf.data.Dataset.range(10 * x, 10 * x + x), cycle_length=3, block_length=2, "
    "num_parallel_calls=2)"),
    f"{R}(1, 5).interleave(lambda x: tf.data.Dataset.range(x).repeat(2), cycle_length=4, block_length=1)",
    f"{R}(3).interleave(lambda x: tf.data.Dataset.from_tensor_slices(({{'a': [x, x]}}, [1.0, 2.0])), cycle_length=2)",
    f"{R}(3).flat_map(lambda x: x)",
    # window
    f"{R}(7).window(3, 2, 2).flat_map(lambda w: w.batch(10))",
    f"{R}(10).window(3, shift=1, stride=3).flat_map(lambda w: w.batch(10))",
    f"{R}(10).window(4, shift=3, drop_remainder=True).flat_map(lambda w: w.batch(10))",
    f"{R}(7).window(3, 1, drop_remainder=True).flat_map(lambda w: w.batch(3, drop_remainder=True))",
    f"{R}(5).window(2, shift=4).flat_map(lambda w: w.batch(10))",
    f"{S}(([1, 2, 3], [4, 5, 6])).window(2).flat_map(lambda a, b: tf.data.Dataset.zip((a.batch(5), b.batch(5))))",
    f"{R}(7).window(3, 2)",
    f"{S}({{'a': [1, 2, 3]}}).window(2)",
    # zip / concatenate / enumerate
    f"tf.data.Dataset.zip({R}(3), {R}(5, 10))",
    f"tf.data.Dataset.zip(({R}(3), ({R}(3, 6), {R}(6, 9))))",
    f"tf.data.Dataset.zip({{'a': {R}(3), 'b': {R}(2)}})",
    f"tf.data.Dataset.zip(datasets=({R}(3), {R}(2)))",
    f"tf.data.Dataset.zip(({R}(3), 1))",
    f"tf.data.Dataset.zip(({R}(3), {R}(5).repeat()))",
    f"{R}(3).concatenate({R}(10, 12))",
    "tf.data.Dataset.from_tensors([1, 2]).concatenate(tf.data.Dataset.from_tensors([1, 2, 3]))",
    f"{R}(3).concatenate(tf.data.Dataset.from_tensors(1.0))",
    f"{R}(3).concatenate(tf.data.Dataset.from_tensors((1, 2)))",
    f"{S}([5, 6]).enumerate(3)",
    f"{S}(([1], [2])).enumerate()",
    f"{R}(3).repeat().enumerate()",
    # cardinalities
    f"{R}(10).filter(lambda x: True).take(5)",
    f"{R}(10).filter(lambda x: True).skip(5)",
    f"{R}(10).repeat().skip(5)",
    f"{R}(10).skip(20)",
    f"{R}(10).take(20)",
    f"{R}(10).repeat(3)",
    f"{R}(10).window(3, 2)",
    f"{R}(10).window(3, 2, drop_remainder=True)",
    f"{R}(10).window(3, 4, 3, drop_remainder=True)",
    "tf.data.Dataset.from_generator(lambda: iter([1]), output_signature=tf.TensorSpec((), tf.int32)).repeat()",
    f"{R}(10).padded_batch(3)",
    f"{R}(3).shuffle(2)",
    f"{R}(3).cache()",
    f"{R}(3).prefetch(1)",
    # reduce and other values
    f"{R}(5).reduce(np.int64(0), lambda s, x: s + x)",
    f"{R}(5).reduce((np.int64(0), np.int64(1)), lambda s, x: (s[0] + x, s[1] * (x + 1)))",
    f"{S}({{'a': [1, 2]}}).reduce(0, lambda s, d: s + d['a'])",
    f"{S}(([1, 2], [3, 4])).reduce(0, lambda s, e: s + e[0] * e[1])",
    "tf.data.Dataset.from_tensors(5).get_single_element()",
    f"{R}(2).get_single_element()",
    f"{R}(0).get_single_element()",
    f"len({R}(10).batch(3))",
    f"len({R}(10).repeat())",
    f"len({R}(10).filter(lambda x: True))",
    f"list({R}(3).as_numpy_iterator())",
    f"list({S}({{'b': [1, 2], 'a': ['x', 'y']}}).as_numpy_iterator())",
    f"{R}(3).filter(lambda x: True).apply(tf.data.experimental.assert_cardinality(3))",
    f"{R}(3).filter(lambda x: True).apply(tf.data.experimental.assert_cardinality(2))",
    f"tf.data.Dataset.choose_from_datasets([{R}(3), {R}(10, 13)], {S}(np.array([0, 1, 1, 0], np.int64)))",
]

IMAGE_SETUP = """
IMG = (np.arange(5 * 7 * 3) * 7 % 256).astype(np.uint8).reshape(5, 7, 3)
FIMG = (IMG / 255.0).astype(np.float32)
BATCH = np.stack([IMG, 255 - IMG])
GRAY = IMG[..., :1]
"""

IMAGE_OPS = [
    "tf.image.convert_image_dtype(IMG, tf.float32)",
    "tf.image.convert_image_dtype(IMG, tf.float64)",
    "tf.image.convert_image_dtype(IMG, tf.int32)",
    "tf.image.convert_image_dtype(IMG, tf.uint16)",
    "tf.image.convert_image_dtype(IMG.astype(np.int32) * 8000000, tf.uint8)",
    "tf.image.convert_image_dtype(FIMG, tf.uint8)",
    "tf.image.convert_image_dtype(FIMG * 1.5 - 0.25, tf.uint8, saturate=True)",
    "tf.image.convert_image_dtype(FIMG, tf.int16)",
    "tf.image.convert_image_dtype(FIMG, tf.float16)",
    "tf.image.convert_image_dtype(FIMG, tf.string)",
    "tf.image.flip_left_right(IMG)",
    "tf.image.flip_left_right(BATCH)",
    "tf.image.flip_up_down(IMG)",
    "tf.image.flip_up_down(BATCH)",
    "tf.image.flip_left_right(IMG[0])",
    "tf.image.transpose(IMG)",
    "tf.image.rot90(IMG)",
    "tf.image.rot90(IMG, k=2)",
    "tf.image.rot90(BATCH, k=3)",
    "tf.image.central_crop(IMG, 0.5)",
    "tf.image.central_crop(IMG, 0.33)",
    "tf.image.central_crop(BATCH, 0.8)",
    "tf.image.central_crop(IMG, 1.0)",
    "tf.image.central_crop(IMG, 0.0)",
    "tf.image.crop_to_bounding_box(IMG, 1, 2, 3, 4)",
    "tf.image.crop_to_bounding_box(BATCH, 0, 0, 5, 7)",
    "tf.image.crop_to_bounding_box(IMG, 1, 2, 5, 4)",
    "tf.image.crop_to_bounding_box(IMG, -1, 2, 3, 4)",
    "tf.image.pad_to_bounding_box(IMG, 1, 2, 8, 10)",
    "tf.image.pad_to_bounding_box(BATCH, 0, 1, 5, 8)",
    "tf.image.pad_to_bounding_box(IMG, 1, 2, 5, 10)",
    "tf.image.resize_with_crop_or_pad(IMG, 3, 9)",
    "tf.image.resize_with_crop_or_pad(IMG, 8, 4)",
    "tf.image.resize_with_crop_or_pad(BATCH, 6, 6)",
    "tf.image.rgb_to_grayscale(IMG)",
    "tf.image.rgb_to_grayscale(FIMG)",
    "tf.image.rgb_to_grayscale(BATCH)",
    "tf.image.grayscale_to_rgb(tf.constant(GRAY))",
    "tf.image.grayscale_to_rgb(tf.constant(IMG))",
    "tf.image.per_image_standardization(IMG)",
    "tf.image.per_image_standardization(BATCH)",
    "tf.image.per_image_standardization(np.zeros((2, 2, 1), np.uint8))",
    "tf.image.adjust_brightness(IMG, 0.2)",
    "tf.image.adjust_brightness(IMG, -0.3)",
    "tf.image.adjust_brightness(FIMG, 0.25)",
    "tf.image.adjust_contrast(IMG, 1.7)",
    "tf.image.adjust_contrast(FIMG, 0.5)",
    "tf.image.adjust_gamma(IMG, 0.5)",
    "tf.image.adjust_gamma(FIMG, 2.0, 0.8)",
    "tf.image.random_brightness(IMG, -1.0)",
    "tf.image.random_contrast(IMG, 0.5, 0.2)",
    "tf.image.random_crop(IMG, [6, 2, 3])",
    "tf.dtypes.saturate_cast(np.array([-1e10, -1.5, 0.5, 300.0, 1e10], np.float32), tf.uint8)",
    "tf.dtypes.saturate_cast(np.array([-1e10, 3e9, 1e10], np.float32), tf.int32)",
    "tf.dtypes.saturate_cast(np.array([-5, 70000], np.int64), tf.int16)",
]


# ---------------------------------------------------------------------------------------------

def _failure(error) -> dict:
    return {"error": type(error).__name__, "message": clean_message(str(error))}


def _numpyish(value):
    if isinstance(value, tf.Tensor):
        return value.numpy()
    if isinstance(value, (tuple, list)):
        return type(value)(_numpyish(v) for v in value)
    if isinstance(value, dict):
        return {k: _numpyish(v) for k, v in value.items()}
    return value


def outcome(expr: str, env: dict) -> dict:
    try:
        value = eval(expr, env)
    except Exception as error:  # noqa: BLE001 - the error is the outcome
        return _failure(error)
    if not isinstance(value, tf.data.Dataset):
        return {"value": encode(_numpyish(value))}
    record = {"spec": repr(value.element_spec), "cardinality": int(value.cardinality())}
    if "DatasetSpec" in record["spec"]:
        return record
    try:
        record["elements"] = [encode(e) for e in itertools.islice(value.as_numpy_iterator(), LIMIT)]
    except Exception as error:  # noqa: BLE001
        record["iteration_error"] = _failure(error)
    return record


def record_cases(exprs, env) -> list:
    return [dict(expr=expr, **outcome(expr, env)) for expr in exprs]


# ---------------------------------------------------------------------------------------------
# Image files: what TF decodes from bytes made with Pillow.

def _encoded(image, fmt, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def codec_files() -> dict:
    rng = np.random.default_rng(7)
    rgb = rng.integers(0, 256, (6, 5, 3), dtype=np.uint8)
    rgba = rng.integers(0, 256, (6, 5, 4), dtype=np.uint8)
    gray16 = rng.integers(0, 65536, (4, 3)).astype(np.uint16)
    palette = Image.fromarray(rgb).convert("P", palette=Image.ADAPTIVE, colors=8)
    frames = [Image.fromarray(rgb), Image.fromarray(255 - rgb)]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:])
    return {
        "png_rgb": _encoded(Image.fromarray(rgb), "PNG"),
        "png_rgba": _encoded(Image.fromarray(rgba), "PNG"),
        "png_gray": _encoded(Image.fromarray(rgb[..., 0]), "PNG"),
        "png_la": _encoded(Image.fromarray(rgba).convert("LA"), "PNG"),
        "png_palette": _encoded(palette, "PNG"),
        "png_palette_alpha": _encoded(palette, "PNG", transparency=0),
        "png_1bit": _encoded(Image.fromarray(rgb[..., 0] > 128), "PNG"),
        "png_16bit": _encoded(Image.fromarray(gray16), "PNG"),
        "jpeg_rgb": _encoded(Image.fromarray(rgb), "JPEG", quality=90),
        "jpeg_gray": _encoded(Image.fromarray(rgb[..., 0]), "JPEG", quality=90),
        "gif": gif.getvalue(),
        "bmp_rgb": _encoded(Image.fromarray(rgb), "BMP"),
    }


DECODES = [  # (file, op, arguments)
    ("png_rgb", "decode_png", {}), ("png_rgb", "decode_png", {"channels": 1}),
    ("png_rgb", "decode_png", {"channels": 4}), ("png_rgb", "decode_png", {"dtype": "uint16"}),
    ("png_rgba", "decode_png", {}), ("png_rgba", "decode_png", {"channels": 3}),
    ("png_rgba", "decode_png", {"channels": 1}), ("png_gray", "decode_png", {}),
    ("png_gray", "decode_png", {"channels": 3}), ("png_gray", "decode_png", {"channels": 4}),
    ("png_la", "decode_png", {}), ("png_la", "decode_png", {"channels": 3}), ("png_la", "decode_png", {"channels": 1}),
    ("png_palette", "decode_png", {}), ("png_palette_alpha", "decode_png", {}), ("png_1bit", "decode_png", {}),
    ("png_16bit", "decode_png", {}), ("png_16bit", "decode_png", {"dtype": "uint16"}),
    ("jpeg_rgb", "decode_jpeg", {"dct_method": "INTEGER_ACCURATE"}),
    ("jpeg_rgb", "decode_jpeg", {"channels": 1, "dct_method": "INTEGER_ACCURATE"}),
    ("jpeg_gray", "decode_jpeg", {"dct_method": "INTEGER_ACCURATE"}),
    ("jpeg_gray", "decode_jpeg", {"channels": 3, "dct_method": "INTEGER_ACCURATE"}),
    ("jpeg_rgb", "decode_jpeg", {}),
    ("gif", "decode_gif", {}), ("gif", "decode_image", {}), ("gif", "decode_image", {"expand_animations": False}),
    ("bmp_rgb", "decode_bmp", {}), ("bmp_rgb", "decode_image", {}),
    ("png_rgb", "decode_image", {"dtype": "float32"}), ("png_rgb", "decode_image", {"channels": 1}),
    ("jpeg_rgb", "decode_png", {}), ("png_rgb", "decode_jpeg", {}),
    ("jpeg_rgb", "decode_jpeg", {"channels": 4}), ("png_rgb", "decode_image", {"channels": 2}),
    ("gif", "decode_image", {"channels": 1}),
]


def record_codecs():
    files = codec_files()
    arrays = {f"file_{name}": np.frombuffer(data, np.uint8) for name, data in files.items()}
    cases = []
    for i, (name, op, arguments) in enumerate(DECODES):
        kwargs = {k: getattr(tf, v) if k == "dtype" else v for k, v in arguments.items()}
        case = {"file": name, "op": op, "arguments": arguments}
        try:
            arrays[f"decoded_{i}"] = getattr(tf.io, op)(files[name], **kwargs).numpy()
            case["result"] = f"decoded_{i}"
        except Exception as error:  # noqa: BLE001
            case.update(_failure(error))
        cases.append(case)
    for contents in (b"", b"hello world", files["jpeg_rgb"][:60], files["png_rgb"][:60]):
        try:
            tf.io.decode_image(contents)
            cases.append({"bytes": list(contents), "op": "decode_image", "arguments": {}, "result": None})
        except Exception as error:  # noqa: BLE001
            cases.append({"bytes": list(contents), "op": "decode_image", "arguments": {}, **_failure(error)})
    return cases, arrays


# ---------------------------------------------------------------------------------------------
# Directory loaders (Keras).

DIRECTORY_CALLS = [
    ("image", {"image_size": (8, 8), "batch_size": 4, "shuffle": False}),
    ("image", {"image_size": (8, 8), "batch_size": 4, "seed": 3, "validation_split": 0.25, "subset": "both"}),
    ("image", {"image_size": (8, 8), "batch_size": 5, "seed": 11, "validation_split": 0.4,
               "subset": "validation", "label_mode": "categorical", "color_mode": "grayscale", "shuffle": False}),
    ("image", {"image_size": (8, 8), "batch_size": 3, "shuffle": False, "label_mode": "binary",
               "class_names": ["dog", "cat"]}),
    ("image", {"image_size": (6, 4), "batch_size": 32, "shuffle": False}),
    ("image", {"image_size": (12, 10), "batch_size": 32, "shuffle": False, "interpolation": "nearest"}),
    ("image", {"image_size": (5, 8), "batch_size": 32, "shuffle": False, "crop_to_aspect_ratio": True}),
    ("image", {"image_size": (8, 8), "batch_size": 32, "shuffle": False, "labels": None}),
    ("text", {"batch_size": 2, "shuffle": False}),
    ("text", {"batch_size": 2, "seed": 5, "validation_split": 0.5, "subset": "both", "max_length": 4}),
]


def record_directories():
    import keras

    cases, arrays = [], {}
    with tempfile.TemporaryDirectory() as root:
        images, texts = os.path.join(root, "images"), os.path.join(root, "texts")
        make_image_tree(images)
        make_text_tree(texts)
        for i, (kind, kwargs) in enumerate(DIRECTORY_CALLS):
            directory = images if kind == "image" else texts
            loader = keras.utils.image_dataset_from_directory if kind == "image" else \
                keras.utils.text_dataset_from_directory
            result = loader(directory, verbose=False, **kwargs)
            parts = result if isinstance(result, (list, tuple)) else [result]
            outputs = []
            for j, ds in enumerate(parts):
                files = getattr(ds, "file_paths", None)  # Keras' text datasets do not keep theirs
                part = {"files": None if files is None else [os.path.relpath(p, directory) for p in files],
                        "class_names": ds.class_names, "spec": repr(ds.element_spec)}
                if not kwargs.get("shuffle", True) or (kwargs.get("subset") == "both" and j == 1):
                    for k, element in enumerate(ds.as_numpy_iterator()):
                        for m, value in enumerate(element if isinstance(element, tuple) else (element,)):
                            key = f"call{i}_part{j}_batch{k}_{m}"
                            if value.dtype == object:  # strings go to the JSON: no pickles in fixtures
                                part.setdefault("strings", {})[key] = encode(value)
                            else:
                                arrays[key] = value
                outputs.append(part)
            cases.append({"kind": kind, "kwargs": kwargs, "parts": outputs})
    return cases, arrays


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    header = {"tensorflow_version": tf.__version__, "numpy_version": np.__version__}
    with open(OUT / "pipelines.json", "w") as f:
        json.dump({**header, "cases": record_cases(PIPELINES, {"tf": tf, "np": np})}, f, indent=0)
    image_env = {"tf": tf, "np": np}
    exec(IMAGE_SETUP, image_env)  # noqa: S102 - the fixture's setup code
    with open(OUT / "images.json", "w") as f:
        json.dump({**header, "setup": IMAGE_SETUP, "cases": record_cases(IMAGE_OPS, image_env)}, f, indent=0)
    codec_cases, codec_arrays = record_codecs()
    np.savez_compressed(OUT / "codecs.npz", **codec_arrays)
    with open(OUT / "codecs.json", "w") as f:
        json.dump({**header, "pillow_version": Image.__version__, "cases": codec_cases}, f, indent=0)
    import keras

    directory_cases, directory_arrays = record_directories()
    np.savez_compressed(OUT / "directory.npz", **directory_arrays)
    with open(OUT / "directory.json", "w") as f:
        json.dump({**header, "keras_version": keras.__version__, "image_layout": IMAGE_LAYOUT,
                   "text_layout": TEXT_LAYOUT, "cases": directory_cases}, f, indent=0)
    print(f"wrote fixtures to {OUT}")


if __name__ == "__main__":
    main()
