"""Records what real Keras 3 does for tensorflux's ``keras.applications`` tests.

Run with the reference environment (TensorFlow 2.21, Keras 3.15.1, tf_keras), from the repository
root; it works offline (every model is built with ``weights=None``):

    TF_CPP_MIN_LOG_LEVEL=3 ~/.tfref/bin/python tools/record_applications_fixtures.py

It writes under tests/fixtures/applications/:

- ``structures.json``: for each case of tests/keras/applications/application_cases.py, the
  model's name, layers (name, class, output shape, parameters), weights (path, shape),
  parameter counts, ``summary()`` text for a few (and for InceptionV3 frozen as the course notes
  freeze it), the error each bad call raises, and
  ``preprocess_input`` / ``decode_predictions`` results; with the versions that made them.
- ``numeric.npz``: for each numeric case, the inputs and Keras' inference-mode outputs after its
  weights were set from a seeded NumPy generator (the tests set the same values).
- ``mobilenet_2_5_224_tf_no_top.h5``: a no-top MobileNet(alpha=0.25) weights file written by
  Keras 2 (tf_keras ``save_weights("….h5")``, the format of Keras' published ImageNet files:
  one group per layer, ``layer_names``/``weight_names`` attributes, ``conv1/kernel:0`` names),
  with seeded weights; ``imagenet_file.npz`` holds the inputs and what real Keras 3 computes
  after loading that file with ``MobileNet(weights=<file>)``.
"""

from __future__ import annotations

import io
import json
import os
import pathlib
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "applications"
sys.path.insert(0, str(ROOT / "tests" / "keras" / "applications"))

import application_cases as cases
import keras
import tensorflow as tf
import tf_keras
from keras.src.applications import imagenet_utils as keras_imagenet_utils

warnings.filterwarnings("ignore")


def versions() -> dict:
    return {"tensorflow": tf.__version__, "keras": keras.__version__, "tf_keras": tf_keras.__version__}


def summary_text(model, columns: int) -> str:
    os.environ["COLUMNS"] = str(columns)
    out = io.StringIO()
    model.summary(print_fn=lambda text, line_break=True: out.write(text))
    os.environ.pop("COLUMNS", None)
    return out.getvalue()


def record_structures() -> dict:
    structures = {}
    for case, (application, kwargs) in cases.STRUCTURE_CASES.items():
        structures[case] = cases.describe(cases.build(keras, application, {**kwargs, "weights": None}))
    summaries = []
    for case, columns in cases.SUMMARY_CASES:
        application, kwargs = cases.STRUCTURE_CASES[case]
        model = cases.build(keras, application, {**kwargs, "weights": None})
        summaries.append({"case": case, "columns": columns, "text": summary_text(model, columns)})
    conv_base = cases.build(keras, "InceptionV3", {"weights": None, "include_top": False})
    cases.freeze_like_the_course_notes(conv_base)
    course_notes = {**cases.describe(conv_base), "summary": summary_text(conv_base, cases.COURSE_NOTES_COLUMNS)}
    return {"structures": structures, "summaries": summaries, "course_notes": course_notes}


def record_errors() -> dict:
    errors = {}
    for case, (application, kwargs) in cases.ERROR_CASES.items():
        try:
            cases.build(keras, application, kwargs)
        except Exception as e:  # noqa: BLE001 (any class is what we record)
            errors[case] = {"class": type(e).__name__, "message": str(e)}
        else:
            raise AssertionError(f"{case}: Keras raised nothing")
    return errors


def record_preprocessing() -> dict:
    """``preprocess_input`` in every mode and layout, and ``decode_predictions`` on a made-up class index."""
    images = np.arange(2 * 3 * 3 * 3, dtype="uint8").reshape(2, 3, 3, 3) * 4  # 3 channels in either layout
    records = []
    for mode in ("tf", "torch", "caffe"):
        for data_format in ("channels_last", "channels_first"):
            out = keras.applications.imagenet_utils.preprocess_input(images.copy(), data_format=data_format,
                                                                     mode=mode)
            tensor_out = keras.applications.imagenet_utils.preprocess_input(
                tf.constant(images.astype("float32")), data_format=data_format, mode=mode)
            records.append({"mode": mode, "data_format": data_format, "numpy": np.asarray(out).tolist(),
                            "tensor": np.asarray(tensor_out).tolist()})
    keras_imagenet_utils.CLASS_INDEX = cases_class_index()
    predictions = np.random.default_rng(3).uniform(0, 1, (2, 1000)).astype("float32")
    decoded = keras.applications.mobilenet.decode_predictions(predictions, top=3)
    keras_imagenet_utils.CLASS_INDEX = None
    return {"images": images.tolist(), "preprocess": records, "predictions": predictions.tolist(),
            "decoded": [[[a, b, float(c)] for a, b, c in row] for row in decoded]}


def cases_class_index() -> dict:
    return {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}


def record_numeric() -> None:
    arrays = {}
    for case, (application, kwargs, weight_seed, shape, input_seed) in cases.NUMERIC_CASES.items():
        model = cases.build(keras, application, {**kwargs, "weights": None})
        cases.set_seeded_weights(model, weight_seed)
        x = cases.images(shape, input_seed)
        arrays[f"{case}_x"] = x
        arrays[f"{case}_y"] = np.asarray(model(x, training=False))
    np.savez(OUT / "numeric.npz", **arrays)


def record_imagenet_file() -> None:
    """Seeded weights saved by Keras 2 the way the ImageNet files were, then loaded back by Keras 3."""
    weight_seed, input_seed = cases.IMAGENET_FILE_SEEDS
    source = cases.build(keras, "MobileNet", {**cases.IMAGENET_FILE_CASE, "weights": None})
    cases.set_seeded_weights(source, weight_seed)
    keras2 = tf_keras.applications.MobileNet(**cases.IMAGENET_FILE_CASE, weights=None)
    with_weights = [layer for layer in source.layers if layer.weights]
    keras2_with_weights = [layer for layer in keras2.layers if layer.weights]
    assert [a.name for a in with_weights] == [b.name for b in keras2_with_weights]
    for a, b in zip(with_weights, keras2_with_weights):
        b.set_weights(a.get_weights())
    path = OUT / cases.IMAGENET_FILE_NAME
    keras2.save_weights(str(path))  # a ".h5" name: Keras 2's HDF5 weights format
    loaded = cases.build(keras, "MobileNet", {**cases.IMAGENET_FILE_CASE, "weights": str(path)})
    x = cases.images((2, 32, 32, 3), input_seed)
    y = np.asarray(loaded(x, training=False))
    np.testing.assert_allclose(y, np.asarray(source(x, training=False)), rtol=1e-5, atol=1e-5)
    np.savez(OUT / "imagenet_file.npz", x=x, y=y)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    keras.utils.set_random_seed(0)
    data = {**record_structures(), "errors": record_errors(), "preprocessing": record_preprocessing()}
    payload = {"versions": versions(), "data": data}
    (OUT / "structures.json").write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")
    record_numeric()
    record_imagenet_file()
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
