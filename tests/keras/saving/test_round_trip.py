"""Models saved by tensorflux load back identical: same outputs, same weights, training resumes exactly."""

from __future__ import annotations

import io
import json
import logging
import os
import zipfile

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras
from tensorflux.keras.saving import load_model, save_model

from . import saving_cases as cases

keras_cases = cases.keras_cases


def outputs_of(model, inputs):
    return [np.asarray(x) for x in tf.nest.flatten(model(inputs, training=False))]


def test_every_layer_round_trips_with_identical_outputs_and_weights(tmp_path):
    model = cases.all_layers_model(keras)
    inputs = cases.all_layers_inputs(model)
    path = tmp_path / "all.keras"
    model.save(path)
    loaded = load_model(path)
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in model.layers]
    for before, after in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(before, after)
    for name, before, after in zip(model.output_names, outputs_of(model, inputs), outputs_of(loaded, inputs)):
        np.testing.assert_array_equal(before, after, err_msg=name)


@pytest.mark.parametrize("name", ["regression", "mnist_convnet", "multi_io", "functional_chain", "shared_layer",
                                  "nested", "long_names", "conv_family"])
def test_shared_models_round_trip(tmp_path, name):
    model = keras_cases.MODELS[name](keras)
    cases.set_deterministic_weights(model)
    path = tmp_path / f"{name}.keras"
    save_model(model, path)
    loaded = load_model(path)
    inputs = tf.nest.map_structure(lambda t: np.random.default_rng(1).standard_normal((2, *t.shape[1:]))
                                   .astype("float32"), model.input)
    assert loaded.name == model.name and loaded.count_params() == model.count_params()
    for before, after in zip(outputs_of(model, inputs), outputs_of(loaded, inputs)):
        np.testing.assert_array_equal(before, after)


def test_archive_holds_exactly_keras_members_in_keras_layout(tmp_path):
    model = cases.trained_model(keras, "adam")
    x, y = cases.training_data()
    model.fit(x, y, epochs=1, verbose=0)
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
        import h5py

        with h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r") as f:
            groups = []
            f.visit(groups.append)
            assert f["layers/dense/vars"].attrs["name"] == "hidden"  # groups are named after classes, as Keras
            assert f["optimizer/vars"].attrs["name"] == "adam"
            assert f["vars"].attrs["name"] == "trained"
            assert f["optimizer/vars/0"][()] == 1  # iterations: one batch of 16
    assert metadata["keras_version"].startswith("3.")
    assert config["class_name"] == "Functional" and config["compile_config"]["loss"] == "mse"
    assert {"layers/input_layer/vars", "layers/dense/vars/0", "layers/dense/vars/1",
            "layers/batch_normalization/vars/3", "layers/dense_1/vars/1"} <= set(groups)


OPTIMIZERS = {
    "sgd": lambda: keras.optimizers.SGD(0.05),
    "sgd_nesterov": lambda: keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True),
    "adam": lambda: keras.optimizers.Adam(0.01),
    "adam_amsgrad": lambda: keras.optimizers.Adam(0.01, amsgrad=True),
    "adamw": lambda: keras.optimizers.AdamW(0.01),
    "rmsprop_centered": lambda: keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    "adagrad": lambda: keras.optimizers.Adagrad(0.05),
    "adadelta": lambda: keras.optimizers.Adadelta(1.0),
    "adamax": lambda: keras.optimizers.Adamax(0.01),
    "nadam": lambda: keras.optimizers.Nadam(0.01),
    "ftrl": lambda: keras.optimizers.Ftrl(0.05),
    "lamb": lambda: keras.optimizers.Lamb(0.01),
    "lion": lambda: keras.optimizers.Lion(0.001),
    "adam_ema": lambda: keras.optimizers.Adam(0.01, use_ema=True),
    "sgd_schedule": lambda: keras.optimizers.SGD(keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5)),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_fit_after_reload_continues_exactly_like_an_uninterrupted_run(tmp_path, name):
    x, y = cases.training_data()
    model = cases.trained_model(keras, OPTIMIZERS[name]())
    model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras")
    assert type(loaded.optimizer) is type(model.optimizer)
    assert loaded.optimizer.get_config() == model.optimizer.get_config()
    for before, after in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(before.numpy(), after.numpy())
    continued = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history["loss"]
    resumed = loaded.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_array_equal(continued, resumed)
    for before, after in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(before, after)


def test_compile_false_loads_an_uncompiled_model(tmp_path):
    model = cases.trained_model(keras, "sgd")
    model.save(tmp_path / "m.keras")
    assert not load_model(tmp_path / "m.keras", compile=False).compiled
    assert load_model(tmp_path / "m.keras").compiled


def test_weights_files_round_trip_into_a_fresh_model(tmp_path):
    model = cases.trained_model(keras, "adam")
    x, y = cases.training_data()
    model.fit(x, y, epochs=1, verbose=0)
    model.save_weights(tmp_path / "w.weights.h5")
    fresh = cases.trained_model(keras, "adam")
    fresh.optimizer.build(fresh.trainable_variables)
    fresh.load_weights(tmp_path / "w.weights.h5")
    for before, after in zip(model.get_weights() + model.optimizer.get_weights(),
                             fresh.get_weights() + fresh.optimizer.get_weights()):
        np.testing.assert_array_equal(before, after)
    fresh2 = cases.trained_model(keras, "adam")
    model.save(tmp_path / "m.keras")
    fresh2.load_weights(tmp_path / "m.keras")  # the weights inside a .keras file
    np.testing.assert_array_equal(fresh2.predict(x, verbose=0), model.predict(x, verbose=0))


def test_weights_file_names_are_checked():
    model = cases.trained_model(keras, "sgd")
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        model.save_weights("w.h5")
    with pytest.raises(ValueError, match=r"expected a `\.keras` extension|Invalid filepath extension"):
        model.save("model.tf")
    with pytest.raises(ValueError, match="`by_name` only supports loading legacy"):
        model.load_weights("w.weights.h5", by_name=True)


def test_registered_custom_layer_and_subclassed_model_round_trip(tmp_path):
    scale = cases.custom_layer_class(keras)
    model = cases.custom_model(keras, scale)
    model.save(tmp_path / "c.keras")
    x = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(load_model(tmp_path / "c.keras").predict(x, verbose=0), model.predict(x, verbose=0))
    two_tower = cases.custom_subclassed_model_class(keras)(units=3, name="two_tower")
    two_tower(x)
    two_tower.save(tmp_path / "t.keras")
    loaded = load_model(tmp_path / "t.keras")
    assert type(loaded).__name__ == "TwoTower" and loaded.units == 3
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), two_tower.predict(x, verbose=0))


def test_custom_objects_argument_names_unregistered_classes(tmp_path):
    class Doubler(keras.layers.Layer):
        def call(self, inputs):
            return inputs * 2.0

    model = keras.Sequential([keras.Input((2,)), Doubler(name="doubler")])
    model.save(tmp_path / "d.keras")
    with pytest.raises(TypeError, match=r"(?s)d\.keras.*Could not locate class 'Doubler'"):
        load_model(tmp_path / "d.keras")
    loaded = load_model(tmp_path / "d.keras", custom_objects={"Doubler": Doubler})
    np.testing.assert_array_equal(loaded.predict(np.ones((1, 2), "float32"), verbose=0), [[2.0, 2.0]])


def test_lambda_code_is_refused_unless_safe_mode_is_off(tmp_path):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t * 3.0 + 1.0)])
    model.save(tmp_path / "l.keras")
    with pytest.raises(ValueError, match=r"l\.keras.*(?s:.*)safe_mode=False"):
        load_model(tmp_path / "l.keras")
    loaded = load_model(tmp_path / "l.keras", safe_mode=False)
    np.testing.assert_array_equal(loaded.predict(np.ones((1, 2), "float32"), verbose=0), [[4.0, 4.0]])


def test_legacy_h5_round_trip_with_keras_warning_and_optimizer_state(tmp_path, caplog):
    model = cases.legacy_functional(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="mse")
    x = np.random.default_rng(0).standard_normal((4, 5)).astype("float32")
    model.fit(x, np.ones((4, 2), "float32"), epochs=1, verbose=0)
    with caplog.at_level(logging.WARNING):
        model.save(tmp_path / "m.h5")
    assert "This file format is considered legacy" in caplog.text
    loaded = load_model(tmp_path / "m.h5")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    for before, after in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(before.numpy(), after.numpy())
    fresh = cases.legacy_functional(keras)
    fresh.load_weights(tmp_path / "m.h5")
    np.testing.assert_array_equal(fresh.predict(x, verbose=0), model.predict(x, verbose=0))


def test_saving_an_unbuilt_model_warns(tmp_path):
    model = keras.Sequential([keras.layers.Dense(2)])
    with pytest.warns(UserWarning, match="has not yet been built"):
        model.save(tmp_path / "u.keras")
    with pytest.raises(ValueError, match="not yet been built"):
        model.save_weights(tmp_path / "u.weights.h5")


def test_file_objects_and_overwrite_false(tmp_path):
    model = cases.trained_model(keras, "sgd")
    buffer = io.BytesIO()
    model.save(buffer)
    buffer.seek(0)
    x, _ = cases.training_data()
    np.testing.assert_array_equal(load_model(buffer).predict(x, verbose=0), model.predict(x, verbose=0))
    path = tmp_path / "m.keras"
    path.write_bytes(b"keep me")
    model.save(path, overwrite=False)
    assert path.read_bytes() == b"keep me"


def test_a_failed_save_leaves_the_previous_file_and_no_temporary(tmp_path):
    model = cases.trained_model(keras, "sgd")
    path = tmp_path / "m.keras"
    model.save(path)
    previous = path.read_bytes()

    def broken(store):
        raise RuntimeError("disk on fire")

    model.get_layer("head").save_own_variables = broken
    with pytest.raises(RuntimeError, match="disk on fire"):
        model.save(path)
    assert path.read_bytes() == previous
    assert sorted(os.listdir(tmp_path)) == ["m.keras"]


def test_bfloat16_weights_round_trip_in_both_formats(tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, dtype="bfloat16")])
    for name in ("b.keras", "b.h5"):
        model.save(tmp_path / name)
        loaded = load_model(tmp_path / name)
        assert loaded.weights[0].dtype == model.weights[0].dtype
        for before, after in zip(model.get_weights(), loaded.get_weights()):
            np.testing.assert_array_equal(before.astype("float32"), after.astype("float32"))
