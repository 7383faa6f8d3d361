"""Real learning on real data (scikit-learn's 8x8 digits): fit and a hand-written GradientTape loop."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

datasets = pytest.importorskip("sklearn.datasets")


@pytest.fixture(scope="module")
def digits():
    data = datasets.load_digits()
    x = (data.images / 16.0).astype("float32")
    y = data.target.astype("int64")
    order = np.random.RandomState(0).permutation(len(x))
    x, y = x[order], y[order]
    split = 1400
    return x[:split], y[:split], x[split:], y[split:]


def _mlp():
    return keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


def test_mlp_with_fit_reaches_95_percent(digits):
    x_train, y_train, x_test, y_test = digits
    keras.utils.set_random_seed(0)
    model = _mlp()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train.reshape(-1, 64), y_train, epochs=15, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(x_test.reshape(-1, 64), y_test, verbose=0)
    assert accuracy >= 0.95
    predicted = np.argmax(model.predict(x_test.reshape(-1, 64), verbose=0), axis=-1)
    assert np.mean(predicted == y_test) == pytest.approx(accuracy, abs=1e-6)


def test_mlp_with_a_gradient_tape_loop_reaches_95_percent(digits):
    x_train, y_train, x_test, y_test = digits
    keras.utils.set_random_seed(0)
    model = _mlp()
    optimizer = keras.optimizers.Adam()
    loss_fn = keras.losses.SparseCategoricalCrossentropy()

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    x_flat = x_train.reshape(-1, 64)
    for epoch in range(15):
        order = np.random.RandomState(epoch).permutation(len(x_flat))
        for start in range(0, len(x_flat) - 31, 32):
            batch = order[start:start + 32]
            train_step(tf.constant(x_flat[batch]), tf.constant(y_train[batch]))
    predicted = np.argmax(model(tf.constant(x_test.reshape(-1, 64))).numpy(), axis=-1)
    assert np.mean(predicted == y_test) >= 0.95


@pytest.mark.skipif(not hasattr(keras.layers, "Conv2D"), reason="Conv2D comes with the layers issue")
def test_small_convnet_with_fit_reaches_95_percent(digits):
    x_train, y_train, x_test, y_test = digits
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(16, 3, activation="relu"),
                              keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train[..., None], y_train, epochs=10, batch_size=32, verbose=0)
    assert model.evaluate(x_test[..., None], y_test, verbose=0)[1] >= 0.95
