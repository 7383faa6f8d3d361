"""Checks the reverse direction of interoperability: files written by tensorflux load in real Keras.

Run from the repository root with tensorflux's Python; it writes the files with tensorflux into a
temporary directory, then loads each one with the reference environment's real Keras 3 (a second
process) and compares outputs:

    python tools/check_saving_in_real_keras.py [--reference-python ~/.tfref/bin/python] [--keep DIR]

Checked: every shared layer case in one ``.keras`` file and as ``.weights.h5``; compiled models
(SGD with momentum, Adam) whose training resumed in Keras must give the losses tensorflux gives;
a nested model; a registered custom layer; a subclassed model's weights; legacy ``.h5`` files.
Exit status 0 when everything matches. The models live in tests/keras/saving/saving_cases.py.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import warnings

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "keras" / "saving"))
warnings.filterwarnings("ignore")
RTOL, ATOL = 1e-5, 1e-6


def outputs_dict(model, inputs) -> dict:
    outputs = model(inputs, training=False)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    return {f"out_{name}": np.asarray(value) for name, value in zip(model.output_names, outputs)}


def write_files(directory: pathlib.Path) -> None:
    """With tensorflux: the files, and what real Keras must compute from them."""
    import saving_cases as cases

    from tensorflux import keras

    model = cases.all_layers_model(keras)
    inputs = cases.all_layers_inputs(model)
    model.save(directory / "all_layers.keras")
    model.save_weights(directory / "all_layers.weights.h5")
    np.savez(directory / "all_layers.npz", **{f"in_{i}": x for i, x in enumerate(inputs)},
             **outputs_dict(model, inputs))
    x, y = cases.training_data()
    for name, optimizer in (("trained_sgd_momentum", keras.optimizers.SGD(0.05, momentum=0.9)),
                            ("trained_adam", keras.optimizers.Adam(0.01))):
        trained = cases.trained_model(keras, optimizer)
        trained.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
        trained.save(directory / f"{name}.keras")
        predictions = trained.predict(x, verbose=0)
        resumed = keras.saving.load_model(directory / f"{name}.keras")
        losses = resumed.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history["loss"]
        np.savez(directory / f"{name}.npz", x=x, y=y, predictions=predictions, resumed_loss=losses)
    nested = cases.nested_model(keras)
    xn = np.random.default_rng(5).standard_normal((3, 6)).astype("float32")
    nested.save(directory / "nested.keras")
    np.savez(directory / "nested.npz", x=xn, y=nested.predict(xn, verbose=0))
    custom = cases.custom_model(keras, cases.custom_layer_class(keras))
    xc = np.random.default_rng(6).standard_normal((2, 3)).astype("float32")
    custom.save(directory / "custom_layer.keras")
    np.savez(directory / "custom_layer.npz", x=xc, y=custom.predict(xc, verbose=0))
    two_tower = cases.custom_subclassed_model_class(keras)(units=3, name="two_tower")
    two_tower(xc)
    two_tower.set_weights([np.random.default_rng(40 + i).standard_normal(w.shape).astype("float32")
                           for i, w in enumerate(two_tower.get_weights())])
    two_tower.save_weights(directory / "two_tower.weights.h5")
    np.savez(directory / "two_tower.npz", x=xc, y=two_tower.predict(xc, verbose=0))
    legacy = cases.legacy_functional(keras)
    xl = np.random.default_rng(9).standard_normal((3, 5)).astype("float32")
    legacy.save(directory / "legacy_functional.h5")
    np.savez(directory / "legacy_functional.npz", x=xl, y=legacy.predict(xl, verbose=0))


def check_files(directory: pathlib.Path) -> int:
    """With real Keras: load each file, compare; prints one line per check, returns the failures."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import saving_cases as cases

    failures = 0

    def check(name, fn):
        nonlocal failures
        try:
            fn()
            print(f"PASS  {name}")
        except Exception as e:  # noqa: BLE001 - report every check
            failures += 1
            print(f"FAIL  {name}: {type(e).__name__}: {str(e)[:2000]}")

    def close(a, b, what):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=RTOL, atol=ATOL, err_msg=what)

    def all_layers(model):
        data = np.load(directory / "all_layers.npz")
        inputs = [data[f"in_{i}"] for i in range(len(model.inputs))]
        for name, value in outputs_dict(model, inputs).items():
            close(value, data[name], name)

    check("all_layers.keras: every layer, same outputs",
          lambda: all_layers(keras.saving.load_model(directory / "all_layers.keras")))

    def weights_only():
        model = cases.all_layers_model(keras)
        for w in model.weights:
            w.assign(np.zeros(w.shape, w.dtype))
        model.load_weights(directory / "all_layers.weights.h5")
        all_layers(model)

    check("all_layers.weights.h5: load_weights into a fresh model", weights_only)

    def trained(name):
        data = np.load(directory / f"{name}.npz")
        model = keras.saving.load_model(directory / f"{name}.keras")
        close(model.predict(data["x"], verbose=0), data["predictions"], "predictions")
        history = model.fit(data["x"], data["y"], epochs=2, batch_size=4, shuffle=False, verbose=0).history
        np.testing.assert_allclose(history["loss"], data["resumed_loss"], rtol=1e-4, err_msg="resumed losses")

    check("trained_sgd_momentum.keras: compiled, optimizer state, resumed fit", lambda: trained("trained_sgd_momentum"))
    check("trained_adam.keras: compiled, optimizer state, resumed fit", lambda: trained("trained_adam"))

    def simple(name, loader):
        data = np.load(directory / f"{name}.npz")
        close(loader().predict(data["x"], verbose=0), data["y"], name)

    check("nested.keras", lambda: simple("nested", lambda: keras.saving.load_model(directory / "nested.keras")))
    cases.custom_layer_class(keras)
    check("custom_layer.keras (registered custom layer)",
          lambda: simple("custom_layer", lambda: keras.saving.load_model(directory / "custom_layer.keras")))

    def two_tower():
        model = cases.custom_subclassed_model_class(keras)(units=3)
        model(np.zeros((1, 3), "float32"))
        model.load_weights(directory / "two_tower.weights.h5")
        return model

    check("two_tower.weights.h5 (subclassed model, attribute paths)", lambda: simple("two_tower", two_tower))
    check("legacy_functional.h5 (legacy format, load_model)",
          lambda: simple("legacy_functional", lambda: keras.saving.load_model(directory / "legacy_functional.h5")))

    def legacy_weights():
        model = cases.legacy_functional(keras)
        model.load_weights(directory / "legacy_functional.h5")
        return model

    check("legacy_functional.h5 (load_weights)", lambda: simple("legacy_functional", legacy_weights))
    print(f"{failures} failure(s), keras {keras.__version__}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-python", default=os.path.expanduser("~/.tfref/bin/python"))
    parser.add_argument("--keep", help="write the files into this directory and keep them")
    parser.add_argument("--check", help=argparse.SUPPRESS)  # internal: the real-Keras half
    args = parser.parse_args()
    if args.check:
        return 1 if check_files(pathlib.Path(args.check)) else 0
    directory = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="tensorflux-saving-"))
    directory.mkdir(parents=True, exist_ok=True)
    write_files(directory)
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"}
    result = subprocess.run([args.reference_python, __file__, "--check", str(directory)], env=environment, check=False)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
