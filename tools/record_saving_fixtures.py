"""Records model files written by real Keras for tensorflux's saving tests.

Run with the reference environment (TensorFlow 2.21, Keras 3.15.1, tf_keras), from the repository
root:

    TF_CPP_MIN_LOG_LEVEL=3 ~/.tfref/bin/python tools/record_saving_fixtures.py

It writes under tests/fixtures/saving/: ``.keras`` and ``.weights.h5`` files written by Keras 3,
legacy ``.h5`` files written by tf_keras (Keras 2), one ``<name>.expected.npz`` per model with the
inputs and the outputs real Keras computed (plain numeric arrays, no pickle), and
``versions.json``. The models themselves live in tests/keras/saving/saving_cases.py, shared with
the tests.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "saving"
sys.path.insert(0, str(ROOT / "tests" / "keras" / "saving"))

import keras
import saving_cases as cases
import tensorflow as tf
import tf_keras

warnings.filterwarnings("ignore")


def save_expected(name: str, **arrays) -> None:
    np.savez(OUT / f"{name}.expected.npz", **{k: np.asarray(v) for k, v in arrays.items()})


def outputs_dict(model, inputs) -> dict:
    outputs = model.predict(inputs, verbose=0)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    return {f"out_{name}": value for name, value in zip(model.output_names, outputs)}


def record_all_layers() -> None:
    model = cases.all_layers_model(keras)
    inputs = cases.all_layers_inputs(model)
    model.save(OUT / "all_layers.keras")
    save_expected("all_layers", **{f"in_{i}": x for i, x in enumerate(inputs)}, **outputs_dict(model, inputs))


def record_trained(name: str, optimizer) -> None:
    """Trained two epochs, saved, then (reloaded) trained two more: the losses a resumed fit must give."""
    model = cases.trained_model(keras, optimizer)
    x, y = cases.training_data()
    model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    model.save(OUT / f"{name}.keras")
    predictions = model.predict(x, verbose=0)
    reloaded = keras.saving.load_model(OUT / f"{name}.keras")
    history = reloaded.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history
    save_expected(name, x=x, y=y, predictions=predictions, resumed_loss=history["loss"],
                  optimizer_variables_count=len(model.optimizer.variables),
                  iterations=int(model.optimizer.iterations.numpy()))


def record_nested() -> None:
    model = cases.nested_model(keras)
    x = np.random.default_rng(5).standard_normal((3, 6)).astype("float32")
    model.save(OUT / "nested.keras")
    save_expected("nested", x=x, y=model.predict(x, verbose=0))


def record_custom() -> None:
    scale = cases.custom_layer_class(keras)
    model = cases.custom_model(keras, scale)
    x = np.random.default_rng(6).standard_normal((2, 3)).astype("float32")
    model.save(OUT / "custom_layer.keras")
    save_expected("custom_layer", x=x, y=model.predict(x, verbose=0))
    two_tower = cases.custom_subclassed_model_class(keras)(units=3, name="two_tower")
    two_tower(x)
    for i, w in enumerate(two_tower.weights):
        w.assign(np.random.default_rng(40 + i).standard_normal(tuple(w.shape)).astype("float32"))
    two_tower.save_weights(OUT / "two_tower.weights.h5")
    save_expected("two_tower", x=x, y=two_tower.predict(x, verbose=0))


def record_legacy() -> None:
    """Keras 2 (tf_keras) files: whole models (compiled, trained) and weights only."""
    seq = cases.legacy_sequential(tf_keras)
    seq.compile(optimizer="adam", loss="mse", metrics=["mae"])
    x = np.random.default_rng(7).standard_normal((4, 6, 6, 2)).astype("float32")
    y = np.random.default_rng(8).standard_normal((4, 4)).astype("float32")
    seq.fit(x, y, epochs=1, verbose=0, shuffle=False)
    seq.save(OUT / "legacy_sequential.h5")
    seq.save_weights(OUT / "legacy_sequential_weights.h5")
    save_expected("legacy_sequential", x=x, y=seq.predict(x, verbose=0))
    fn = cases.legacy_functional(tf_keras)
    xf = np.random.default_rng(9).standard_normal((3, 5)).astype("float32")
    fn.save(OUT / "legacy_functional.h5")
    fn.save_weights(OUT / "legacy_functional_weights.h5")
    save_expected("legacy_functional", x=xf, y=fn.predict(xf, verbose=0))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    keras.utils.set_random_seed(0)
    record_all_layers()
    record_trained("trained_adam", keras.optimizers.Adam(learning_rate=0.01))
    record_trained("trained_sgd_momentum", keras.optimizers.SGD(learning_rate=0.05, momentum=0.9))
    record_nested()
    record_custom()
    record_legacy()
    versions = {"tensorflow": tf.__version__, "keras": keras.__version__, "tf_keras": tf_keras.__version__}
    (OUT / "versions.json").write_text(json.dumps(versions, indent=1) + "\n")
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
