"""The models the course notes (shared/course-notes) define: each builds, summarises and runs."""

import io
import warnings

import numpy as np

import tensorflux as tf
from tensorflux import keras


def _summary(model) -> str:
    out = io.StringIO()
    model.summary(print_fn=out.write)
    return out.getvalue()


def test_notes_000_custom_model_layers():
    """Layer definitions of notes 000 (a subclassed model with Conv2D, pooling, Flatten, Dense)."""

    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.conv2d_1 = tf.keras.layers.Conv2D(filters=16, kernel_size=(3, 3), input_shape=(28, 28, 1),
                                                       activation="relu", padding="same")
            self.max_pool_1 = tf.keras.layers.MaxPooling2D()
            self.avg_pool_1 = tf.keras.layers.AveragePooling2D()
            self.flatten_1 = tf.keras.layers.Flatten()
            self.hidden = tf.keras.layers.Dense(units=40, activation="relu")
            self.dense_out = tf.keras.layers.Dense(units=5, activation="softmax")

        def call(self, x):
            x = self.avg_pool_1(self.max_pool_1(self.conv2d_1(x)))
            return self.dense_out(self.hidden(self.flatten_1(x)))

    model = Net()
    y = model(np.random.default_rng(0).random((2, 28, 28, 1)))
    assert y.shape == (2, 5) and np.allclose(y.numpy().sum(axis=1), 1, atol=1e-6)
    assert model.count_params() == 160 + 49 * 16 * 40 + 40 + 205
    padding = keras.layers.ZeroPadding2D(padding=(2, 2), data_format=None)
    assert padding(tf.ones((1, 5, 5, 1))).shape == (1, 9, 9, 1)


def test_notes_000_functional_snippet():
    inputs = tf.keras.Input(shape=(32,))
    layers = tf.keras.layers
    x = layers.Dense(64, activation="relu")(inputs)
    x = layers.Dense(64, activation="relu")(x)
    predictions = layers.Dense(10, activation="softmax")(x)
    model = tf.keras.Model(inputs=inputs, outputs=predictions)
    assert model.count_params() == 32 * 64 + 64 + 64 * 64 + 64 + 650
    assert model(np.ones((3, 32))).shape == (3, 10)


def test_notes_001_two_dense_layers():
    from tensorflux.keras import layers

    model = keras.Sequential([layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")])
    out = model(np.random.default_rng(1).random((4, 784)).astype("float32"))
    assert out.shape == (4, 10) and model.count_params() == 784 * 512 + 512 + 5130


def test_notes_002_models():
    from tensorflux.keras import layers, models
    from tensorflux.keras.layers import Activation, Dense, Input
    from tensorflux.keras.models import Model, Sequential

    a = Input(shape=(32,))
    b = Dense(32)(a)
    model = Model(inputs=a, outputs=b)
    assert model.output_shape == (None, 32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = Sequential()
        model.add(Dense(32, input_shape=(784,)))
        model.add(Activation("relu"))
        model.add(Dense(32, input_shape=(784,), activation="relu"))
    assert [layer.output.shape for layer in model.layers] == [(None, 32)] * 3
    num_categories = 4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = models.Sequential()
        model.add(layers.Conv2D(32, (3, 3), activation="relu", input_shape=(224, 224, 3)))
        model.add(layers.MaxPooling2D((2, 2)))
        model.add(layers.Conv2D(64, (3, 3), activation="relu"))
        model.add(layers.MaxPooling2D((2, 2)))
        model.add(layers.Conv2D(128, (3, 3), activation="relu"))
        model.add(layers.MaxPooling2D((2, 2)))
        model.add(layers.Conv2D(128, (3, 3), activation="relu"))
        model.add(layers.MaxPooling2D((2, 2)))
        model.add(layers.Flatten())
        model.add(layers.Dropout(0.5))
        model.add(layers.Dense(512, activation="relu"))
        model.add(layers.Dense(num_categories, activation="sigmoid"))
    assert " Total params: 9,680,580 (36.93 MB)" in _summary(model)
    transfer = models.Sequential()
    base = models.Sequential([layers.Input((8, 8, 3)), layers.Conv2D(4, 3)], name="conv_base")
    for layer in base.layers[:1]:
        layer.trainable = False
    transfer.add(base)
    transfer.add(layers.Flatten())
    transfer.add(layers.Dense(4, activation="softmax"))
    transfer(np.ones((1, 8, 8, 3), "float32"))
    assert len(transfer.trainable_weights) == 2 and len(transfer.non_trainable_weights) == 2


def test_notes_003_regression_model_definition():
    from tensorflux.keras.layers import Dense
    from tensorflux.keras.models import Sequential

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = Sequential()
        model.add(Dense(units=1, input_shape=[1, ]))
    assert model.count_params() == 2 and model.output_shape == (None, 1)
    model = Sequential()
    model.add(Dense(units=64, activation="relu"))
    model.add(Dense(units=10, activation="softmax"))
    assert model(np.ones((2, 5))).shape == (2, 10)
