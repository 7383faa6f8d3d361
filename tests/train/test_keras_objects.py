"""Checkpoints of Keras layers and models, tracked generically through their attributes."""

import numpy as np
import pytest

import tensorflux as tf

keras = pytest.importorskip("tensorflux.keras")


def _model(with_input=True):
    layers = [keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)]
    return keras.Sequential(([keras.Input((3,))] if with_input else []) + layers)


def test_dense_round_trip(tmp_path):
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    layer = keras.layers.Dense(2)
    expected = layer(x).numpy()
    path = tf.train.Checkpoint(layer=layer).save(tmp_path / "dense")

    other = keras.layers.Dense(2)
    other.build((None, 3))
    tf.train.Checkpoint(layer=other).restore(path).assert_consumed()
    np.testing.assert_array_equal(other(x).numpy(), expected)
    names = [name for name, _ in tf.train.list_variables(path)]
    assert names == ["layer/bias", "layer/kernel", "save_counter"]


def test_sequential_round_trip(tmp_path):
    x = np.ones((2, 3), np.float32)
    model = _model()
    expected = model(x).numpy()
    path = tf.train.Checkpoint(model=model).save(tmp_path / "seq")
    other = _model()
    tf.train.Checkpoint(model=other).restore(path).assert_consumed()
    np.testing.assert_array_equal(other(x).numpy(), expected)


class Block(keras.layers.Layer):
    """Sub-layers held in attributes, built on first call."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = keras.layers.Dense(4, activation="relu")
        self.out = keras.layers.Dense(2)

    def call(self, x):
        return self.out(self.hidden(x))


def test_layers_built_after_restore_get_their_values(tmp_path):
    x = np.ones((2, 3), np.float32)
    block = Block()
    expected = block(x).numpy()
    path = tf.train.Checkpoint(block=block).save(tmp_path / "block")
    other = Block()  # no weights yet
    status = tf.train.Checkpoint(block=other).restore(path)
    status.assert_existing_objects_matched()
    other(x)  # builds: the kernels appear now
    status.assert_consumed()  # sweeps the pending values into them
    np.testing.assert_array_equal(other(x).numpy(), expected)


def test_sequential_built_after_restore(tmp_path):
    # Building prepends an InputLayer to the model's layer list: the sweep walks the list as it is now.
    x = np.ones((2, 3), np.float32)
    model = _model(with_input=False)
    expected = model(x).numpy()
    path = tf.train.Checkpoint(model=model).save(tmp_path / "seq")
    other = _model(with_input=False)
    status = tf.train.Checkpoint(model=other).restore(path)
    other(x)
    status.assert_consumed()
    np.testing.assert_array_equal(other(x).numpy(), expected)


def _train_step(model, optimizer, x):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(x) ** 2)
    optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))


def test_model_and_optimizer_slots(tmp_path):
    x = np.ones((2, 3), np.float32)
    model, optimizer = _model(), keras.optimizers.Adam(0.01)
    _train_step(model, optimizer, x)
    path = tf.train.Checkpoint(model=model, optimizer=optimizer).save(tmp_path / "mo")
    names = [name for name, _ in tf.train.list_variables(path)]
    assert "model/_layers/1/kernel" in names  # the layer owns its kernel; the optimizer only lists it
    assert not any(name.startswith("optimizer/_trainable_variables") for name in names)

    # A fresh optimizer has no slots yet: they are restored when its first step creates them.
    model2, optimizer2 = _model(), keras.optimizers.Adam(0.01)
    status = tf.train.Checkpoint(model=model2, optimizer=optimizer2).restore(path)
    status.assert_existing_objects_matched()
    for a, b in zip(model.variables, model2.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    optimizer2.build(model2.trainable_variables)
    status.assert_consumed()
    for a, b in zip(optimizer.variables, optimizer2.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    _train_step(model, optimizer, x)
    _train_step(model2, optimizer2, x)
    for a, b in zip(model.variables, model2.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())  # training continues identically


def test_model_alone_restores_from_a_model_and_optimizer_checkpoint(tmp_path):
    x = np.ones((2, 3), np.float32)
    model, optimizer = _model(), keras.optimizers.SGD(0.1)
    _train_step(model, optimizer, x)
    path = tf.train.Checkpoint(model=model, optimizer=optimizer).write(tmp_path / "m")
    model2 = _model()
    tf.train.Checkpoint(model=model2).read(path).assert_existing_objects_matched()
    np.testing.assert_array_equal(model2(x).numpy(), model(x).numpy())
