"""Every Keras activation, by name and by function, against real Keras."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

from . import keras_cases as cases
from .fixtures import load

ACTIVATIONS = load("activations.json")


@pytest.mark.parametrize("name", [n for n in cases.ACTIVATIONS if n != "sparsemax"])
def test_activation_matches_keras(name):
    fn = keras.activations.get(name)
    out = fn(tf.constant(ACTIVATIONS["input"], dtype="float32"))
    np.testing.assert_allclose(out.numpy(), np.array(ACTIVATIONS["outputs"][name]), rtol=1e-5, atol=1e-6)
    assert out.dtype == tf.float32


def test_sparsemax_is_a_projection_onto_the_simplex():
    """Keras 3.15 sums the cumulative sums over the support where it needs the last one (a bug: with two or
    more elements in the support its outputs do not sum to 1); tensorflux computes sparsemax as defined
    (Martins & Astudillo, 2016)."""
    x = np.array(ACTIVATIONS["input"], dtype="float32")
    out = keras.activations.sparsemax(x).numpy()
    np.testing.assert_allclose(out.sum(axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(out[0], [0.0, 0.0, 0.22727273, 0.77272725], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(keras.activations.sparsemax(x.T, axis=0).numpy(), out.T, rtol=1e-6)


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "softmax", "gelu", "mish", "hard_silu"])
def test_activation_is_differentiable(name):
    x = tf.Variable([[-1.5, 0.3, 2.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(keras.activations.get(name)(x) * tf.constant([[1.0, 2.0, 3.0]]))
    assert tape.gradient(y, x) is not None


def test_get_serialize_deserialize():
    assert keras.activations.get(None) is keras.activations.linear
    assert keras.activations.get("swish") is keras.activations.silu
    assert keras.activations.serialize(keras.activations.relu) == "relu"
    assert keras.activations.deserialize("tanh") is keras.activations.tanh
    custom = lambda x: x
    assert keras.activations.get(custom) is custom
    with pytest.raises(ValueError, match="Could not interpret activation function identifier: nope"):
        keras.activations.get("nope")


def test_relu_options():
    x = tf.constant([-2.0, -0.5, 0.5, 3.0, 8.0])
    np.testing.assert_allclose(keras.activations.relu(x, negative_slope=0.1, max_value=6.0, threshold=1.0).numpy(),
                               [-0.3, -0.15, -0.05, 3.0, 6.0], rtol=1e-6)


def test_softmax_over_a_size_one_axis_warns():
    with pytest.warns(UserWarning, match="This axis has size 1"):
        keras.activations.softmax(tf.ones((2, 1)))
