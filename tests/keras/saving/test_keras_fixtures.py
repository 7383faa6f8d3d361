"""Files written by real Keras 3 (and tf_keras for legacy .h5) load here and give the same outputs.

The files come from tools/record_saving_fixtures.py (versions in tests/fixtures/saving/versions.json).
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

from tensorflux import keras
from tensorflux.keras.saving import load_model

from . import saving_cases as cases

FIXTURES = pathlib.Path(__file__).resolve().parent.parent.parent / "fixtures" / "saving"


def expected(name: str):
    return np.load(FIXTURES / f"{name}.expected.npz", allow_pickle=False)


def test_fixtures_record_their_versions():
    versions = json.loads((FIXTURES / "versions.json").read_text())
    assert versions["keras"].startswith("3.") and versions["tf_keras"].startswith("2.")


def test_every_layer_written_by_keras_loads_with_the_same_outputs():
    data = expected("all_layers")
    model = load_model(FIXTURES / "all_layers.keras")
    inputs = [data[f"in_{i}"] for i in range(len(model.inputs))]
    outputs = model(inputs, training=False)
    assert len(outputs) == len(model.output_names) == len(cases.layer_case_names(keras)) + 1
    for name, output in zip(model.output_names, outputs):
        np.testing.assert_allclose(np.asarray(output), data[f"out_{name}"], rtol=1e-5, atol=1e-6, err_msg=name)


@pytest.mark.parametrize("name", ["trained_sgd_momentum", "trained_adam"])
def test_compiled_model_from_keras_resumes_training_with_keras_losses(name):
    data = expected(name)
    model = load_model(FIXTURES / f"{name}.keras")
    assert model.compiled
    assert int(model.optimizer.iterations.numpy()) == int(data["iterations"])
    assert len(model.optimizer.variables) == int(data["optimizer_variables_count"])
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["predictions"], rtol=1e-5, atol=1e-6)
    history = model.fit(data["x"], data["y"], epochs=2, batch_size=4, shuffle=False, verbose=0).history
    np.testing.assert_allclose(history["loss"], data["resumed_loss"], rtol=1e-4)


def test_nested_model_from_keras():
    data = expected("nested")
    model = load_model(FIXTURES / "nested.keras")
    names = [layer.name for layer in model.layers]
    assert names[0] == "block" and names[1].startswith("batch_normalization") and names[2] == "frozen"
    assert not model.get_layer("frozen").trainable
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], rtol=1e-5, atol=1e-6)


def test_registered_custom_layer_from_keras():
    cases.custom_layer_class(keras)
    data = expected("custom_layer")
    model = load_model(FIXTURES / "custom_layer.keras")
    assert type(model.get_layer("scale")).__name__ == "Scale" and model.get_layer("scale").factor == 0.5
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], rtol=1e-5, atol=1e-6)


def test_subclassed_model_weights_from_keras_follow_attribute_paths():
    data = expected("two_tower")
    model = cases.custom_subclassed_model_class(keras)(units=3)
    model(data["x"])
    model.load_weights(FIXTURES / "two_tower.weights.h5")
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], rtol=1e-5, atol=1e-6)


def test_legacy_keras2_whole_models_load():
    for name in ("legacy_sequential", "legacy_functional"):
        data = expected(name)
        model = load_model(FIXTURES / f"{name}.h5")
        np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], rtol=1e-5, atol=1e-6,
                                   err_msg=name)
    model = load_model(FIXTURES / "legacy_sequential.h5")
    assert model.compiled and model.optimizer.__class__.__name__ == "Adam"


@pytest.mark.parametrize("by_name", [False, True])
def test_legacy_keras2_weights_only_files_load(by_name):
    for name, build in (("legacy_sequential", cases.legacy_sequential), ("legacy_functional", cases.legacy_functional)):
        data = expected(name)
        model = build(keras)
        for w in model.weights:
            w.assign(np.zeros(w.shape, w.dtype.name if hasattr(w.dtype, "name") else w.dtype))
        model.load_weights(FIXTURES / f"{name}_weights.h5", by_name=by_name)
        np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], rtol=1e-5, atol=1e-6,
                                   err_msg=name)


def test_legacy_by_name_skips_missing_layers_and_skip_mismatch_skips_wrong_shapes():
    data = expected("legacy_functional")
    inputs = keras.Input((5,), name="x")
    a = keras.layers.Dense(4, activation="tanh", name="a")(inputs)
    b = keras.layers.Dense(4, name="b")(inputs)
    merged = keras.layers.Concatenate(name="cat")([a, b])
    new_head = keras.layers.Dense(3, name="out")(merged)  # a new head: 3 classes instead of 2
    model = keras.Model(inputs, keras.layers.Dense(1, name="extra")(new_head))
    before = model.get_layer("out").get_weights()
    with pytest.raises(ValueError, match="Shape mismatch"):
        model.load_weights(FIXTURES / "legacy_functional_weights.h5", by_name=True)
    with pytest.warns(UserWarning, match="Skipping loading weights"):
        model.load_weights(FIXTURES / "legacy_functional_weights.h5", by_name=True, skip_mismatch=True)
    for got, kept in zip(model.get_layer("out").get_weights(), before):
        np.testing.assert_array_equal(got, kept)
    reference = load_model(FIXTURES / "legacy_functional.h5")
    np.testing.assert_array_equal(model.get_layer("a").get_weights()[0], reference.get_layer("a").get_weights()[0])
    assert data["y"].shape == (3, 2)
