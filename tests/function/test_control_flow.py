"""tf.cond, tf.switch_case, tf.while_loop and TensorArray: eagerly, traced, and differentiated."""

import numpy as np
import pytest

import tensorflux as tf


@pytest.mark.parametrize("traced", [False, True])
def test_cond_picks_the_branch(traced):
    def f(x):
        return tf.cond(x > 0, lambda: x * 2.0, lambda: x * -3.0)

    g = tf.function(f) if traced else f
    assert float(g(tf.constant(2.0))) == 4.0
    assert float(g(tf.constant(-2.0))) == 6.0


def test_cond_runs_only_the_taken_branch_when_traced():
    v = tf.Variable(0.0)

    @tf.function
    def f(x):
        return tf.cond(x > 0, lambda: v.assign_add(1.0).read_value(), lambda: v.assign_sub(1.0).read_value())

    f(tf.constant(1.0))
    f(tf.constant(1.0))
    assert float(v) == 2.0


def test_cond_gradient_inside_and_outside_the_function():
    w = tf.Variable(3.0)

    def branchy(x):
        return tf.cond(x > 0, lambda: x * w, lambda: -x * w * w)

    traced = tf.function(branchy)
    for x, expected in ((2.0, 2.0), (-2.0, 12.0)):
        with tf.GradientTape() as tape:
            y = traced(tf.constant(x))
        assert float(tape.gradient(y, w)) == expected

    @tf.function
    def inside(x):
        with tf.GradientTape() as tape:
            y = branchy(x)
        return tape.gradient(y, w)

    assert float(inside(tf.constant(2.0))) == 2.0
    assert float(inside(tf.constant(-2.0))) == 12.0


def test_switch_case_out_of_range_runs_the_last_branch():
    branches = [lambda: tf.constant(10), lambda: tf.constant(20)]
    f = tf.function(lambda i: tf.switch_case(i, branches))
    assert int(f(tf.constant(0))) == 10
    assert int(f(tf.constant(7))) == 20


@pytest.mark.parametrize("traced", [False, True])
def test_while_loop_sums(traced):
    def f(n):
        return tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i), [tf.constant(0), tf.constant(0)])[1]

    g = tf.function(f) if traced else f
    assert int(g(tf.constant(5))) == 10


def test_while_loop_maximum_iterations_and_shape_error():
    f = tf.function(lambda: tf.while_loop(lambda i: i < 100, lambda i: (i + 1,), [tf.constant(0)],
                                          maximum_iterations=3)[0])
    assert int(f()) == 3

    @tf.function
    def grows(x):
        return tf.while_loop(lambda x: tf.size(x) < 4, lambda x: (tf.concat([x, x], 0),), [x])

    with pytest.raises(ValueError, match="shape_invariants"):
        grows(tf.ones(1))


def test_while_loop_gradient_through_a_traced_call():
    w = tf.Variable(3.0)

    @tf.function
    def f(n):
        return tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + tf.cast(i, tf.float32) * w),
                             [tf.constant(0), tf.constant(0.0)])[1]

    with tf.GradientTape() as tape:
        y = f(tf.constant(4))
    assert float(y) == 18.0
    assert float(tape.gradient(y, w)) == 6.0


def test_tensor_array_in_python_loop_traced():
    @tf.function
    def f(n):
        ta = tf.TensorArray(tf.float32, size=3)
        for i in range(3):
            ta = ta.write(i, tf.cast(n, tf.float32) * i)
        return ta.stack()

    np.testing.assert_array_equal(f(tf.constant(2)).numpy(), [0.0, 2.0, 4.0])


def test_tensor_array_errors():
    ta = tf.TensorArray(tf.float32, size=1)
    with pytest.raises(tf.errors.InvalidArgumentError):
        ta.write(3, 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError):
        ta.read(0)
