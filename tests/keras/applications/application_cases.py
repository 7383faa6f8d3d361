"""The application configurations checked against real Keras, shared by
tools/record_applications_fixtures.py (run with real Keras) and the tests (run with tensorflux).
Every function takes the ``keras`` module to build with; nothing here imports either library."""

from __future__ import annotations

import math

import numpy as np

# id -> (application, keyword arguments); weights=None everywhere (no download).
STRUCTURE_CASES = {
    "mobilenet_default": ("MobileNet", {}),
    "mobilenet_a025_32_top10": ("MobileNet", {"alpha": 0.25, "input_shape": (32, 32, 3), "classes": 10}),
    "mobilenet_a05_notop_avg": ("MobileNet", {"alpha": 0.5, "include_top": False, "pooling": "avg"}),
    "mobilenet_a025_dm2_notop_max": ("MobileNet", {"alpha": 0.25, "depth_multiplier": 2, "include_top": False,
                                                   "pooling": "max", "input_shape": (64, 48, 3)}),
    "mobilenetv2_default": ("MobileNetV2", {}),
    "mobilenetv2_a035_32_top10": ("MobileNetV2", {"alpha": 0.35, "input_shape": (32, 32, 3), "classes": 10}),
    "mobilenetv2_a05_notop": ("MobileNetV2", {"alpha": 0.5, "include_top": False}),
    "mobilenetv2_a13_96_avg": ("MobileNetV2", {"alpha": 1.3, "include_top": False, "pooling": "avg",
                                               "input_shape": (96, 96, 3)}),
    "inceptionv3_default": ("InceptionV3", {}),
    "inceptionv3_notop": ("InceptionV3", {"include_top": False}),
    "inceptionv3_75_notop_max": ("InceptionV3", {"include_top": False, "input_shape": (75, 75, 3),
                                                 "pooling": "max"}),
    "inceptionv3_150_top5_logits": ("InceptionV3", {"input_shape": (150, 150, 3), "classes": 5,
                                                    "classifier_activation": None}),
}

# (case id, terminal width) of the summaries compared character for character.
SUMMARY_CASES = (("mobilenet_a025_32_top10", 80), ("mobilenetv2_a035_32_top10", 100))
COURSE_NOTES_COLUMNS = 120  # InceptionV3 frozen as in the course notes: its summary at this width

# Models run on seeded weights: id -> (application, kwargs, weight seed, input shape, input seed).
NUMERIC_CASES = {
    "mobilenet": ("MobileNet", {"alpha": 0.25, "input_shape": (32, 32, 3), "classes": 10}, 11, (2, 32, 32, 3), 21),
    "mobilenetv2": ("MobileNetV2", {"alpha": 0.35, "input_shape": (32, 32, 3), "classes": 10,
                                    "classifier_activation": None}, 12, (2, 32, 32, 3), 22),  # logits
    "inceptionv3": ("InceptionV3", {"input_shape": (75, 75, 3), "classes": 7}, 13, (2, 75, 75, 3), 23),
}

# The ImageNet-file check: a no-top MobileNet whose weights real Keras 2 saved as ImageNet's files are saved.
IMAGENET_FILE_CASE = {"alpha": 0.25, "include_top": False, "input_shape": (32, 32, 3)}
IMAGENET_FILE_NAME = "mobilenet_2_5_224_tf_no_top.h5"  # the cache name Keras looks up for this case
IMAGENET_FILE_SEEDS = (14, 24)  # weights, inputs

# Bad arguments: id -> (application, kwargs). Each must raise before any download.
ERROR_CASES = {
    "mobilenet_too_small": ("MobileNet", {"input_shape": (16, 16, 3), "include_top": False, "weights": None}),
    "mobilenetv2_too_small": ("MobileNetV2", {"input_shape": (31, 40, 3), "include_top": False, "weights": None}),
    "inceptionv3_too_small": ("InceptionV3", {"input_shape": (74, 74, 3), "include_top": False, "weights": None}),
    "mobilenet_imagenet_classes": ("MobileNet", {"classes": 10}),
    "mobilenetv2_imagenet_classes": ("MobileNetV2", {"classes": 10}),
    "inceptionv3_imagenet_classes": ("InceptionV3", {"classes": 10}),
    "mobilenet_missing_file": ("MobileNet", {"weights": "/nonexistent/weights.h5"}),
    "mobilenetv2_missing_file": ("MobileNetV2", {"weights": "/nonexistent/weights.h5"}),
    "inceptionv3_missing_file": ("InceptionV3", {"weights": "no_such_weights.h5"}),
    "inceptionv3_top_not_static": ("InceptionV3", {"weights": None, "input_shape": (None, None, 3)}),
    "mobilenet_two_dims": ("MobileNet", {"weights": None, "include_top": False, "input_shape": (32, 32)}),
    "mobilenet_imagenet_top_shape": ("MobileNet", {"input_shape": (200, 200, 3)}),
    "inceptionv3_imagenet_top_shape": ("InceptionV3", {"input_shape": (224, 224, 3)}),
    "mobilenet_imagenet_four_channels": ("MobileNet", {"include_top": False, "input_shape": (64, 64, 4)}),
    "mobilenet_imagenet_alpha": ("MobileNet", {"alpha": 0.3, "include_top": False, "input_shape": (128, 128, 3)}),
    "mobilenet_imagenet_depth_multiplier": ("MobileNet", {"depth_multiplier": 2, "include_top": False,
                                                          "input_shape": (128, 128, 3)}),
    "mobilenetv2_imagenet_alpha": ("MobileNetV2", {"alpha": 0.25, "include_top": False,
                                                   "input_shape": (128, 128, 3)}),
}


def build(keras, application, kwargs):
    """The model, from a fresh session (automatic layer names start again at ``conv2d``)."""
    keras.backend.clear_session()
    return getattr(keras.applications, application)(**kwargs)


def describe(model) -> dict:
    """What must match real Keras, layer by layer."""
    return {
        "name": model.name,
        "layer_count": len(model.layers),
        "layers": [[layer.name, layer.__class__.__name__, list(layer.output.shape), layer.count_params()]
                   for layer in model.layers],
        "output_shape": list(model.output_shape),
        "trainable_params": int(sum(math.prod(w.shape) for w in model.trainable_weights)),
        "non_trainable_params": int(sum(math.prod(w.shape) for w in model.non_trainable_weights)),
        "weights": [[w.path, list(w.shape)] for w in model.weights],
    }


def freeze_like_the_course_notes(conv_base) -> None:
    """The notes' fine-tuning recipe: train only the top two inception blocks."""
    for layer in conv_base.layers[:249]:
        layer.trainable = False
    for layer in conv_base.layers[249:]:
        layer.trainable = True


def seeded_values(weights, seed) -> list:
    """Values for a model's weights, from one NumPy generator, so any library can reproduce them.

    Kernels get He-scaled normals (the signal neither dies nor explodes through ~100 layers);
    batch-norm statistics and scales are away from their trivial initial values, so the
    inference-mode normalisation is really tested.
    """
    rng = np.random.default_rng(seed)
    values = []
    for w in weights:
        shape = tuple(w.shape)
        kind = w.path.rsplit("/", 1)[-1]
        if kind in ("kernel", "depthwise_kernel"):
            fan_in = math.prod(shape[:-2]) if kind == "depthwise_kernel" else math.prod(shape[:-1])
            value = rng.standard_normal(shape) * math.sqrt(2.0 / fan_in)
        elif kind in ("gamma", "moving_variance"):
            value = rng.uniform(0.5, 1.5, shape)
        else:  # bias, beta, moving_mean
            value = rng.uniform(-0.2, 0.2, shape)
        values.append(value.astype("float32"))
    return values


def set_seeded_weights(model, seed) -> None:
    for w, value in zip(model.weights, seeded_values(model.weights, seed)):
        w.assign(value)


def images(shape, seed) -> np.ndarray:
    """A batch of images already scaled to [-1, 1], as ``preprocess_input`` leaves them."""
    return np.random.default_rng(seed).uniform(-1.0, 1.0, shape).astype("float32")
