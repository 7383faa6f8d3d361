"""A convnet large enough for the compiled kernels and the fusion passes trains alike through every door.

``fit``, ``train_on_batch``, a custom eager ``GradientTape`` loop and the same step under
``tf.function`` must end with the same weights; inference through ``predict`` (traced: a
convolution applies its batch norm and ReLU6 itself) must give the eager call's outputs.
"""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

BATCH, SIZE = 8, 24  # 8 x 24 x 24 x 32 activations: above the compiled kernels' and fusion's thresholds


def _model():
    keras.utils.set_random_seed(1)
    L = keras.layers
    return keras.Sequential([
        keras.Input((SIZE, SIZE, 3)),
        L.Conv2D(32, 3, padding="same", use_bias=False), L.BatchNormalization(), L.ReLU(6.0),
        L.DepthwiseConv2D(3, padding="same", use_bias=False), L.BatchNormalization(), L.ReLU(6.0),
        L.Conv2D(64, 3, padding="same", activation="relu"),  # 32 -> 64: Winograd
        L.MaxPooling2D(), L.AveragePooling2D(3, strides=1, padding="same"),
        L.GlobalAveragePooling2D(), L.Dense(3)])


def _data():
    rng = np.random.default_rng(2)
    return rng.normal(size=(2 * BATCH, SIZE, SIZE, 3)).astype(np.float32), rng.integers(0, 3, 2 * BATCH)


def _compiled():
    model = _model()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=keras.losses.SparseCategoricalCrossentropy(True))
    return model


def _custom_loop(traced):
    model, optimizer = _model(), keras.optimizers.SGD(0.1)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(True)

    def step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))

    step = tf.function(step) if traced else step
    x, y = _data()
    for i in range(2):
        step(x[i * BATCH:(i + 1) * BATCH], y[i * BATCH:(i + 1) * BATCH])
    return model


def test_fit_train_on_batch_and_custom_loops_end_with_the_same_weights():
    x, y = _data()
    fitted = _compiled()
    fitted.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    stepped = _compiled()
    for i in range(2):
        stepped.train_on_batch(x[i * BATCH:(i + 1) * BATCH], y[i * BATCH:(i + 1) * BATCH])
    for other in (stepped, _custom_loop(traced=False), _custom_loop(traced=True)):
        for a, b in zip(fitted.get_weights(), other.get_weights()):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert not np.allclose(fitted.get_weights()[0], _model().get_weights()[0])  # it trained


@pytest.mark.parametrize("threads", [1, 2])
def test_traced_inference_with_fused_epilogues_gives_the_eager_outputs(threads):
    model = _compiled()
    x, y = _data()
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)  # moving statistics away from 0 and 1
    try:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        traced = model.predict(x, batch_size=2 * BATCH, verbose=0)
        eager = model(x, training=False).numpy()
    finally:
        tf.config.threading.set_intra_op_parallelism_threads(0)
    np.testing.assert_allclose(traced, eager, rtol=1e-5, atol=1e-5)
