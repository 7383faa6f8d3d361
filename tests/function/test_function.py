"""tf.function: tracing, the trace cache as TF keys it, side effects, variables, gradients."""

import logging

import numpy as np
import pytest

import tensorflux as tf


def test_traced_values_match_eager():
    def f(x, y):
        return tf.nn.relu(tf.matmul(x, y)) * 2.0 + tf.reduce_sum(x)

    x, y = np.random.rand(3, 4).astype("float32"), np.random.rand(4, 2).astype("float32")
    np.testing.assert_allclose(tf.function(f)(x, y).numpy(), f(x, y).numpy(), rtol=1e-6)


def test_tensors_are_keyed_by_shape_and_dtype():
    f = tf.function(lambda x: x + 1)
    f(tf.constant(1.0))
    f(tf.constant(2.0))
    assert f.experimental_get_tracing_count() == 1
    f(tf.constant([1.0, 2.0]))
    f(tf.constant(1.0, tf.float64))
    assert f.experimental_get_tracing_count() == 3


def test_python_values_are_keyed_by_value_and_lists_differ_from_tuples():
    f = tf.function(lambda x, n: x * n)
    f(tf.constant(1.0), 2)
    f(tf.constant(1.0), 2)
    f(tf.constant(1.0), 3)
    assert f.experimental_get_tracing_count() == 2
    g = tf.function(lambda xs: xs[0] + xs[1])
    g([tf.constant(1.0), tf.constant(2.0)])
    g((tf.constant(1.0), tf.constant(2.0)))
    assert g.experimental_get_tracing_count() == 2


def test_numpy_arrays_are_keyed_like_tensors():
    f = tf.function(lambda x: x * 2)
    f(np.ones(3, np.float32))
    f(np.zeros(3, np.float32))
    assert f.experimental_get_tracing_count() == 1


def test_reduce_retracing_relaxes_shapes():
    f = tf.function(lambda x: x * 2, reduce_retracing=True)
    for n in (1, 2, 3, 4):
        f(tf.ones(n))
    assert f.experimental_get_tracing_count() == 2


def test_input_signature_fixes_the_trace_and_checks_inputs():
    f = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec([None], tf.float32)])
    f(tf.ones(2))
    f(tf.ones(5))
    assert f.experimental_get_tracing_count() == 1
    with pytest.raises(ValueError):
        f(tf.ones((2, 2)))


def test_retracing_warning_text(caplog):
    @tf.function
    def r(x):
        return x

    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        for n in range(7):
            r(tf.ones(n + 1))
    messages = [rec.getMessage() for rec in caplog.records if "retracing" in rec.getMessage()]
    assert len(messages) == 2
    assert messages[0].startswith("5 out of the last 5 calls to <function")
    assert "triggered tf.function retracing. Tracing is expensive" in messages[0]


def test_python_side_effects_run_at_trace_time_only_and_tf_print_every_call(capsys):
    import sys

    @tf.function
    def f(x):
        print("tracing")
        tf.print("running", x, output_stream=sys.stdout)
        return x

    f(tf.constant(1))
    f(tf.constant(2))
    out = capsys.readouterr().out
    assert out.count("tracing") == 1
    assert "running 1" in out and "running 2" in out


def test_python_if_on_a_tensor_raises_operator_not_allowed():
    @tf.function
    def f(x):
        if x > 0:
            return x
        return -x

    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError, match="tf.cond"):
        f(tf.constant(1.0))


def test_variables_only_on_first_trace():
    @tf.function
    def f(x):
        v = tf.Variable(1.0)
        return v * x

    f(tf.constant(1.0))
    with pytest.raises(ValueError, match="singleton tf.Variables"):
        f(tf.constant([1.0]))


def test_variable_created_on_first_trace_persists():
    class Scale(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = None

        @tf.function
        def __call__(self, x):
            if self.v is None:
                self.v = tf.Variable(tf.ones(x.shape) * 2.0)
            return self.v * x

    m = Scale()
    assert m(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]
    assert m(tf.constant([3.0, 4.0])).numpy().tolist() == [6.0, 8.0]
    assert len(m.trainable_variables) == 1


def test_tape_outside_differentiates_through_the_call():
    w = tf.Variable(2.0)
    f = tf.function(lambda x: w * w * x)
    with tf.GradientTape() as tape:
        y = f(tf.constant(3.0))
    assert float(tape.gradient(y, w)) == 12.0


def test_training_step_inside_one_graph_matches_eager():
    def make():
        return tf.Variable(np.array([[1.0], [-1.0]], np.float32)), tf.Variable(np.zeros(1, np.float32))

    x = np.random.default_rng(0).normal(size=(8, 2)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")

    def step(w, b, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(y, tf.matmul(x, w) + b))
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(0.5 * gw)
        b.assign_sub(0.5 * gb)
        return loss

    eager_w, eager_b = make()
    traced_w, traced_b = make()
    traced = tf.function(step)
    for _ in range(3):
        le = step(eager_w, eager_b, x, y)
        lt = traced(traced_w, traced_b, x, y)
        np.testing.assert_allclose(float(le), float(lt), rtol=1e-6)
    np.testing.assert_allclose(eager_w.numpy(), traced_w.numpy(), rtol=1e-6)
    assert traced.experimental_get_tracing_count() == 1


def test_run_functions_eagerly():
    calls = []

    @tf.function
    def f(x):
        calls.append(1)
        return x

    tf.config.run_functions_eagerly(True)
    try:
        f(tf.constant(1))
        f(tf.constant(1))
    finally:
        tf.config.run_functions_eagerly(False)
    assert len(calls) == 2


def test_concrete_function_graph_operations():
    f = tf.function(lambda x: tf.nn.relu(x + 1.0))
    concrete = f.get_concrete_function(tf.TensorSpec([None, 3], tf.float32))
    ops = concrete.graph.get_operations()
    assert [op.type for op in ops] == ["Placeholder", "Const", "AddV2", "Relu"]
    assert [op.name for op in ops] == ["x", "Const", "add", "Relu"]
    assert str(ops[2].outputs[0]) == 'Tensor("add:0", shape=(None, 3), dtype=float32)'
    assert ops[3].inputs[0] is ops[2].outputs[0]
    assert concrete(tf.ones((2, 3))).shape == (2, 3)


def test_methods_are_traced_per_instance():
    class A:
        def __init__(self, k):
            self.k = k

        @tf.function
        def f(self, x):
            return x * self.k

    a, b = A(2.0), A(3.0)
    assert float(a.f(tf.constant(1.0))) == 2.0
    assert float(b.f(tf.constant(1.0))) == 3.0


@pytest.mark.parametrize("workload", ["mlp", "convnet"])
def test_traced_training_step_gives_eager_values_and_gradients(workload):
    rng = np.random.default_rng(1)
    if workload == "mlp":
        x = rng.normal(size=(8, 12)).astype("float32")
        shapes = [(12, 16), (16,), (16, 4), (4,)]
    else:
        x = rng.normal(size=(4, 8, 8, 1)).astype("float32")
        shapes = [(3, 3, 1, 4), (4,), (36, 4), (4,)]
    labels = rng.integers(0, 4, size=len(x)).astype("int32")
    weights = [rng.normal(0, 0.3, size=s).astype("float32") for s in shapes]

    def loss_and_grads(params, x, y):
        with tf.GradientTape() as tape:
            if workload == "mlp":
                h = tf.nn.relu(tf.matmul(x, params[0]) + params[1])
            else:
                h = tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, params[0], 1, "VALID") + params[1]), 2, 2, "VALID")
                h = tf.reshape(h, [-1, 36])
            logits = tf.matmul(h, params[2]) + params[3]
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
        return [loss] + tape.gradient(loss, params)

    eager = loss_and_grads([tf.Variable(w) for w in weights], x, labels)
    traced = tf.function(loss_and_grads)([tf.Variable(w) for w in weights], x, labels)
    for e, t in zip(eager, traced):
        np.testing.assert_allclose(e.numpy(), t.numpy(), rtol=1e-5, atol=1e-6)
