"""Regularizers (penalties in ``layer.losses``) and constraints (projections), as Keras computes them."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

R, C = keras.regularizers, keras.constraints


def test_penalties():
    w = np.array([[1.0, -2.0], [3.0, 0.5]], "float32")
    assert float(R.L1(0.1)(w)) == pytest.approx(0.65)
    assert float(R.L2(0.1)(w)) == pytest.approx(1.425)
    assert float(R.L1L2(l1=0.1, l2=0.1)(w)) == pytest.approx(2.075)
    assert R.L1().get_config() == {"l1": 0.009999999776482582}  # a float32 value, as Keras stores it
    assert R.L2().get_config() == {"l2": 0.01}
    assert isinstance(R.get("l1_l2"), R.L1L2) and R.get(None) is None
    assert float(R.OrthogonalRegularizer(factor=1.0)(np.eye(3, dtype="float32"))) == pytest.approx(0.0)


def test_layer_losses_from_weight_and_activity_regularizers():
    layer = keras.layers.Dense(2, kernel_initializer="ones", kernel_regularizer=R.L2(0.5),
                               activity_regularizer=R.L1(0.25), bias_regularizer="l1")
    out = layer(np.ones((4, 3), "float32"))
    losses = [float(x) for x in layer.losses]
    activity = 0.25 * float(tf.reduce_sum(tf.abs(out))) / 4
    assert losses == pytest.approx([activity, 0.5 * 6, 0.0], rel=1e-6)
    layer(np.ones((2, 3), "float32"))
    assert len(layer.losses) == 3  # activity losses are replaced at each call, not accumulated


def test_nested_losses_and_add_loss():
    class Block(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1, kernel_regularizer="l2", kernel_initializer="ones")

        def call(self, x):
            self.add_loss(tf.reduce_mean(x))
            return self.dense(x)

    block = Block()
    block(np.full((2, 2), 3.0, "float32"))
    assert [float(x) for x in block.losses] == pytest.approx([3.0, 0.02])


@pytest.mark.parametrize("constraint, expected", [
    (C.NonNeg(), [[0.0, 3.0], [4.0, 0.0]]),
    (C.MaxNorm(max_value=2.0, axis=0), [[0.0, 2.0], [2.0, 0.0]]),
    (C.UnitNorm(axis=0), [[-0.0, 1.0], [1.0, -0.0]]),
    (C.MinMaxNorm(min_value=4.0, max_value=5.0, axis=0), [[-0.0, 4.0], [4.0, -0.0]])])
def test_constraints(constraint, expected):
    w = np.array([[-0.0, 3.0], [4.0, -0.0]], "float32")
    np.testing.assert_allclose(constraint(w).numpy(), expected, atol=1e-5)


def test_constraint_configs_and_get():
    assert C.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert C.MinMaxNorm().get_config() == {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}
    assert isinstance(C.get("non_neg"), C.NonNeg) and isinstance(C.get("UnitNorm"), C.UnitNorm)
    layer = keras.layers.Dense(2, kernel_constraint="non_neg")
    layer.build((None, 2))
    assert isinstance(layer.kernel.constraint, C.NonNeg)
