"""The training programs of the course notes (shared/course-notes), run as written."""

import warnings

import numpy as np

from tensorflux import keras
from tensorflux.keras.layers import Dense
from tensorflux.keras.models import Sequential


def test_regression_with_plain_lists():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = Sequential()
        model.add(Dense(units=1, input_shape=[1, ]))
    model.compile(loss="mse", optimizer="sgd")
    xs = [1, 2, 3, 4, 10]
    ys = [1, 4, 6, 8, 20]
    history = model.fit(xs, ys, epochs=10, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    testData = [5, 9, 11, 19, 21]
    result = model.predict(testData, verbose=0)
    assert result.shape == (5, 1) and result.dtype == np.float32


def test_classifier_compiled_twice_then_fit_evaluate_predict():
    rng = np.random.RandomState(0)
    x_train = rng.normal(size=(64, 20)).astype("float32")
    y_train = keras.utils.to_categorical(rng.randint(0, 10, 64), 10)
    x_test, y_test = x_train[:16], y_train[:16]
    model = Sequential()
    model.add(Dense(units=64, activation="relu"))
    model.add(Dense(units=10, activation="softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    model.compile(loss=keras.losses.categorical_crossentropy, optimizer=keras.optimizers.SGD(learning_rate=0.01))
    model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    loss_and_metrics = model.evaluate(x_test, y_test, batch_size=128, verbose=0)
    assert isinstance(loss_and_metrics, float)  # only a loss after the second compile
    classes = model.predict(x_test, batch_size=128, verbose=0)
    assert classes.shape == (16, 10)
    np.testing.assert_allclose(classes.sum(axis=1), 1.0, rtol=1e-5)


def test_binary_classifier_with_rmsprop_and_acc_names():
    rng = np.random.RandomState(1)
    x = rng.normal(size=(40, 5)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    model = Sequential([keras.Input((5,)), Dense(8, activation="relu"), Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["acc"])
    model.fit(x, y, epochs=2, verbose=0)
    score = model.evaluate(x, y, verbose=0)
    assert len(score) == 2 and 0.0 <= score[1] <= 1.0
    assert [m.name for m in model._compile_metrics.metrics] == ["acc"]


def test_to_categorical_is_float64_as_keras():
    one_hot = keras.utils.to_categorical([0, 2, 1]) if hasattr(keras.utils, "to_categorical") else \
        __import__("tensorflux.keras.utils.numerical_utils", fromlist=["x"]).to_categorical([0, 2, 1])
    assert one_hot.dtype == np.float64
    np.testing.assert_array_equal(one_hot, np.eye(3)[[0, 2, 1]])
