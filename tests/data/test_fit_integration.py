"""fit / evaluate / predict consume tf.data datasets, as Keras does."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

RNG = np.random.default_rng(7)
X = RNG.normal(size=(64, 4)).astype("float32")
Y = (X.sum(axis=1) > 0).astype("float32")[:, None]


def _model(seed=3):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    return model


def _weights(model):
    return [w.numpy() for w in model.weights]


def test_fit_on_a_dataset_equals_fit_on_the_same_arrays():
    from_arrays, from_dataset = _model(), _model()
    from_arrays.fit(X, Y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    from_dataset.fit(tf.data.Dataset.from_tensor_slices((X, Y)).batch(16), epochs=3, verbose=0)
    for a, b in zip(_weights(from_arrays), _weights(from_dataset)):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_sample_weights_from_a_dataset():
    weights = np.where(np.arange(64) % 2, 1.0, 0.0).astype("float32")
    from_arrays, from_dataset = _model(), _model()
    from_arrays.fit(X, Y, sample_weight=weights, batch_size=16, epochs=2, shuffle=False, verbose=0)
    from_dataset.fit(tf.data.Dataset.from_tensor_slices((X, Y, weights)).batch(16), epochs=2, verbose=0)
    for a, b in zip(_weights(from_arrays), _weights(from_dataset)):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_infinite_dataset_needs_steps_per_epoch_and_runs_exactly_that_many():
    model = _model()
    endless = tf.data.Dataset.from_tensor_slices((X, Y)).repeat().batch(8)
    seen = []
    callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))
    history = model.fit(endless, epochs=3, steps_per_epoch=5, verbose=0, callbacks=[callback])
    assert len(history.history["loss"]) == 3 and len(seen) == 15
    with pytest.raises(ValueError, match="steps_per_epoch"):
        _model().fit(endless, epochs=1, verbose=0)


def test_validation_evaluate_and_predict_on_datasets():
    model = _model()
    data = tf.data.Dataset.from_tensor_slices((X, Y)).batch(16)
    history = model.fit(data, validation_data=data, epochs=2, verbose=0)
    assert set(history.history) == {"loss", "mae", "val_loss", "val_mae"}
    evaluated = model.evaluate(data, verbose=0, return_dict=True)
    np.testing.assert_allclose(evaluated["loss"], model.evaluate(X, Y, verbose=0, return_dict=True)["loss"],
                               rtol=1e-5)
    predictions = model.predict(tf.data.Dataset.from_tensor_slices(X).batch(10), verbose=0)
    np.testing.assert_allclose(predictions, model.predict(X, verbose=0), rtol=1e-6)


def test_parallel_map_and_prefetch_feed_fit_from_other_threads():
    plain, threaded = _model(), _model()
    base = tf.data.Dataset.from_tensor_slices((X, Y))
    plain.fit(base.map(lambda x, y: (x * 2.0, y)).batch(16), epochs=2, verbose=0)
    pipeline = base.map(lambda x, y: (x * 2.0, y), num_parallel_calls=tf.data.AUTOTUNE).batch(16).prefetch(2)
    threaded.fit(pipeline, epochs=2, verbose=0)
    for a, b in zip(_weights(plain), _weights(threaded)):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_dict_inputs_for_a_multi_input_model():
    keras.utils.set_random_seed(1)
    left, right = keras.Input((2,), name="left"), keras.Input((2,), name="right")
    out = keras.layers.Dense(1)(keras.layers.Concatenate()([left, right]))
    model = keras.Model({"left": left, "right": right}, out)
    model.compile(optimizer="sgd", loss="mse")
    data = tf.data.Dataset.from_tensor_slices(({"left": X[:, :2], "right": X[:, 2:]}, Y)).batch(16)
    history = model.fit(data, epochs=2, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
