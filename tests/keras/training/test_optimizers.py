import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

from .training_fixtures import load

OPTIMIZERS = load("optimizers")
SCHEDULES = load("schedules")


def _kwargs(kwargs):
    kwargs = dict(kwargs)
    if isinstance(kwargs.get("learning_rate"), dict):
        spec = kwargs["learning_rate"]
        kwargs["learning_rate"] = getattr(keras.optimizers.schedules, spec["class"])(**spec["kwargs"])
    return kwargs


@pytest.mark.parametrize("case", OPTIMIZERS["cases"], ids=lambda c: f"{c['class']}-{c['kwargs']}")
def test_five_steps_give_keras_weights(case):
    variables = [keras.Variable(np.array(v, "float32"), name=f"v{i}") for i, v in enumerate(OPTIMIZERS["start"])]
    optimizer = getattr(keras.optimizers, case["class"])(**_kwargs(case["kwargs"]))
    for grads in OPTIMIZERS["grads"]:
        optimizer.apply_gradients(zip([tf.constant(g, "float32") for g in grads], variables))
    for variable, expected in zip(variables, case["weights"]):
        np.testing.assert_allclose(variable.numpy(), expected, rtol=1e-6, atol=1e-7)
    assert int(optimizer.iterations.numpy()) == case["iterations"]
    if case["ema"] is not None:
        for average, expected in zip(optimizer._model_variables_moving_average, case["ema"]):
            np.testing.assert_allclose(average.numpy(), expected, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("case", SCHEDULES["cases"], ids=lambda c: f"{c['class']}-{c['kwargs']}")
def test_schedule_matches_keras(case):
    schedule = getattr(keras.optimizers.schedules, case["class"])(**case["kwargs"])
    values = [float(np.asarray(schedule(step))) for step in range(12)]
    np.testing.assert_allclose(values, case["values"], rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name,cls", [("sgd", "SGD"), ("adam", "Adam"), ("RMSprop", "RMSprop"), ("adamw", "AdamW"),
                                      ("adagrad", "Adagrad"), ("adadelta", "Adadelta"), ("adamax", "Adamax"),
                                      ("nadam", "Nadam"), ("lion", "Lion"), ("ftrl", "Ftrl"), ("lamb", "Lamb")])
def test_string_names(name, cls):
    assert type(keras.optimizers.get(name)).__name__ == cls


def test_unknown_optimizer_is_a_clear_error_at_compile():
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: adamm"):
        model.compile(optimizer="adamm", loss="mse")


def test_learning_rate_is_settable_and_apply_counts_iterations():
    v = keras.Variable(np.array([1.0], "float32"))
    opt = keras.optimizers.SGD(learning_rate=0.5)
    opt.learning_rate = 0.25
    opt.apply([tf.constant([1.0])], [v])
    assert v.numpy()[0] == pytest.approx(0.75)
    assert int(opt.iterations.numpy()) == 1
    assert len(opt.variables) == 2  # iterations and learning rate


def test_schedule_learning_rate_is_not_settable():
    opt = keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5))
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.1


def test_only_one_clipping_option():
    with pytest.raises(ValueError, match="Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"):
        keras.optimizers.SGD(clipnorm=1.0, clipvalue=1.0)


def test_missing_gradient_warns_and_all_missing_raises():
    a, b = keras.Variable(np.ones(1, "float32")), keras.Variable(np.ones(1, "float32"))
    opt = keras.optimizers.SGD()
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        opt.apply_gradients([(tf.constant([1.0]), a), (None, b)])
    with pytest.raises(ValueError, match="No gradients provided"):
        opt.apply_gradients([(None, a), (None, b)])


def test_updates_work_inside_tf_function():
    v = keras.Variable(np.array([1.0, 2.0], "float32"))
    opt = keras.optimizers.Adam(0.1)
    opt.build([v])

    @tf.function
    def step(g):
        opt.apply_gradients([(g, v)])

    for _ in range(3):
        step(tf.constant([0.5, -0.5]))
    eager_v = keras.Variable(np.array([1.0, 2.0], "float32"))
    eager = keras.optimizers.Adam(0.1)
    for _ in range(3):
        eager.apply_gradients([(tf.constant([0.5, -0.5]), eager_v)])
    np.testing.assert_allclose(v.numpy(), eager_v.numpy(), rtol=1e-6)
    assert int(opt.iterations.numpy()) == 3


def test_fused_rmsprop_update_gives_the_op_by_op_bits():
    # ResourceApplyRMSProp computes, in place, exactly what the update's ops compute one by one
    rng = np.random.default_rng(0)
    start = rng.normal(size=(64, 33)).astype(np.float32)
    grads = [rng.normal(size=(64, 33)).astype(np.float32) for _ in range(3)]
    variable = tf.Variable(start)
    optimizer = keras.optimizers.RMSprop(0.01)
    for g in grads:
        optimizer.apply_gradients([(tf.constant(g), variable)])
    f32 = np.float32
    velocity, expected = np.zeros_like(start), start.copy()
    for g in grads:
        velocity = f32(0.9) * velocity + f32(1 - 0.9) * (g * g)
        expected = expected - (f32(0.01) * g) / np.sqrt(velocity + f32(1e-7))
    np.testing.assert_array_equal(variable.numpy(), expected)
    np.testing.assert_array_equal(optimizer.variables[2].numpy(), velocity)
