"""The issue's opening snippets, end to end."""

import numpy as np

import tensorflux as tf


def test_nested_tapes_give_second_derivative():
    v3 = tf.Variable(1.0)
    with tf.GradientTape() as t:
        with tf.GradientTape() as t2:
            y = v3 * v3 * v3
        dy = t2.gradient(y, v3)
    assert float(dy) == 3.0
    assert float(t.gradient(dy, v3)) == 6.0


def test_abs_loss_gradients():
    w, b, x = tf.Variable(3.0), tf.Variable(1.0), tf.constant(2.0)
    with tf.GradientTape() as tape:
        loss = tf.abs(4.0 - (w * x + b))
    assert [float(g) for g in tape.gradient(loss, [w, b])] == [2.0, 1.0]


def test_numpy_interop_keeps_float64():
    tensor = tf.multiply(np.ones([3, 3]), 42)
    assert tensor.dtype == tf.float64
    assert isinstance(np.add(tensor, 1), np.ndarray)
