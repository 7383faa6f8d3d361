"""compile/fit/evaluate/predict: Keras' numbers, Keras' names, every kind of input, and clear errors."""

import warnings

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

from .training_fixtures import load

TRAINING = load("training")


def _regression_model():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras' advice against `input_shape`
        model = keras.Sequential([keras.layers.Dense(units=1, input_shape=[1])])
    model.compile(loss="mse", optimizer="sgd")
    model.set_weights([np.array([[0.5]], "float32"), np.array([0.0], "float32")])
    return model


def test_course_notes_regression_gives_keras_loss_history():
    case = TRAINING["regression"]
    model = _regression_model()
    history = model.fit(case["x"], case["y"], epochs=10, verbose=0)  # plain Python lists, as in the notes
    np.testing.assert_allclose(history.history["loss"], case["loss"], rtol=1e-6)
    np.testing.assert_allclose(model.predict(case["predict_x"], verbose=0), case["predict"], rtol=1e-6)
    for w, expected in zip(model.get_weights(), case["weights"]):
        np.testing.assert_allclose(w, expected, rtol=1e-6)
    assert history.epoch == list(range(10))


def test_run_eagerly_gives_the_same_numbers():
    case = TRAINING["regression"]
    model = _regression_model()
    model.compile(loss="mse", optimizer="sgd", run_eagerly=True)
    history = model.fit(case["x"], case["y"], epochs=10, verbose=0)
    np.testing.assert_allclose(history.history["loss"], case["loss"], rtol=1e-6)


def test_pure_tensorflow_linear_classifier_gives_keras_losses():
    case = load("linear_classifier")
    rng = np.random.RandomState(case["seed"])
    negative = rng.multivariate_normal(mean=[0, 3], cov=[[1, 0.5], [0.5, 1]], size=200)
    positive = rng.multivariate_normal(mean=[3, 0], cov=[[1, 0.5], [0.5, 1]], size=200)
    inputs = np.vstack((negative, positive)).astype(np.float32)
    targets = np.vstack((np.zeros((200, 1), dtype="float32"), np.ones((200, 1), dtype="float32")))
    W = tf.Variable(initial_value=[[0.3], [0.7]])
    b = tf.Variable(initial_value=tf.zeros(shape=(1,)))
    losses = []
    for _ in range(40):
        with tf.GradientTape() as tape:
            predictions = tf.matmul(inputs, W) + b
            loss = tf.reduce_mean(tf.math.log(1.0 + tf.math.exp(predictions)) - targets * predictions)
        grad_w, grad_b = tape.gradient(loss, [W, b])
        W.assign_sub(grad_w * 0.1)
        b.assign_sub(grad_b * 0.1)
        losses.append(float(loss))
    np.testing.assert_allclose(losses, case["losses"], rtol=1e-5)
    np.testing.assert_allclose(W.numpy(), case["W"], rtol=1e-5)


def _multi_output_model():
    inputs = keras.Input((4,), name="features")
    hidden = keras.layers.Dense(8, activation="relu", name="hidden")(inputs)
    out1 = keras.layers.Dense(1, name="out1")(hidden)
    out2 = keras.layers.Dense(3, activation="softmax", name="out2")(hidden)
    return keras.Model(inputs, [out1, out2])


def _multi_data():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(40, 4)).astype("float32")
    return x, rng.normal(size=(40, 1)).astype("float32"), rng.randint(0, 3, size=(40,))


def test_multi_output_logs_are_named_and_ordered_as_keras():
    x, y1, y2 = _multi_data()
    model = _multi_output_model()
    model.compile(optimizer="adam", loss={"out1": "mse", "out2": "sparse_categorical_crossentropy"},
                  metrics={"out1": ["mae"], "out2": ["accuracy"]}, loss_weights={"out1": 1.0, "out2": 0.5})
    history = model.fit(x, {"out1": y1, "out2": y2}, epochs=1, batch_size=16, validation_split=0.25, verbose=0)
    assert list(history.history) == TRAINING["names"]["history_keys"]
    assert model.metrics_names == TRAINING["names"]["metrics_names"]
    logs = history.history
    assert logs["loss"][0] == pytest.approx(logs["out1_loss"][0] + 0.5 * logs["out2_loss"][0], rel=1e-5)


def test_single_output_logs_and_evaluate_list():
    x, _, y = _multi_data()
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy", "sparse_top_k_categorical_accuracy"])
    history = model.fit(x, y, epochs=1, verbose=0, validation_data=(x, y))
    assert list(history.history) == TRAINING["names"]["single_history_keys"]
    result = model.evaluate(x, y, verbose=0)
    assert len(result) == TRAINING["names"]["single_evaluate"]
    as_dict = model.evaluate(x, y, verbose=0, return_dict=True)
    assert result == [as_dict["loss"], as_dict["accuracy"], as_dict["sparse_top_k_categorical_accuracy"]]
    assert result[0] == pytest.approx(history.history["val_loss"][0], rel=1e-6)


def test_accuracy_resolved_by_loss_and_label_shape():
    x = np.random.RandomState(1).normal(size=(8, 4)).astype("float32")
    cases = [(keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy", np.ones((8, 1)), "BinaryAccuracy"),
             (keras.layers.Dense(3, activation="softmax"), "sparse_categorical_crossentropy", np.zeros(8),
              "SparseCategoricalAccuracy"),
             (keras.layers.Dense(3, activation="softmax"), "categorical_crossentropy", np.eye(3)[np.zeros(8, int)],
              "CategoricalAccuracy")]
    for layer, loss, y, expected in cases:
        model = keras.Sequential([keras.Input((4,)), layer])
        model.compile(loss=loss, metrics=["acc"])
        model.fit(x, y, verbose=0)
        assert type(model._compile_metrics.metrics[0]).__name__ == expected
        assert model._compile_metrics.metrics[0].name == "acc"


def test_inputs_of_every_kind_train_the_same_model():
    rng = np.random.RandomState(2)
    x = rng.normal(size=(12, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32")).astype("float32")

    def fresh():
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
        return model

    def generator():
        for i in range(0, 12, 4):
            yield x[i:i + 4], y[i:i + 4]

    class Batches(keras.utils.PyDataset if hasattr(keras.utils, "PyDataset") else object):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return x[i * 4:(i + 1) * 4], y[i * 4:(i + 1) * 4]

        def on_epoch_end(self):
            pass

        def on_epoch_begin(self):
            pass

    reference = fresh().fit(x, y, batch_size=4, shuffle=False, verbose=0).history["loss"]
    runs = {
        "tensors": fresh().fit(tf.constant(x), tf.constant(y), batch_size=4, shuffle=False, verbose=0),
        "lists": fresh().fit(x.tolist(), y.tolist(), batch_size=4, shuffle=False, verbose=0),
        "generator": fresh().fit(generator(), verbose=0),
        "pydataset": fresh().fit(Batches(), verbose=0, shuffle=False),
        "dataset": fresh().fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(4), verbose=0),
    }
    for name, history in runs.items():
        np.testing.assert_allclose(history.history["loss"], reference, rtol=1e-6, err_msg=name)


def test_multi_input_dict_and_list():
    a, b = keras.Input((2,), name="a"), keras.Input((3,), name="b")
    out = keras.layers.Dense(1)(keras.layers.Concatenate()([a, b]))
    model = keras.Model([a, b], out)
    model.compile(optimizer="sgd", loss="mse")
    xa, xb, y = np.ones((6, 2), "float32"), np.ones((6, 3), "float32"), np.zeros((6, 1), "float32")
    assert len(model.fit([xa, xb], y, verbose=0).history["loss"]) == 1
    assert len(model.fit({"a": xa, "b": xb}, y, verbose=0).history["loss"]) == 1
    assert model.predict([xa, xb], verbose=0).shape == (6, 1)


def test_multi_output_predict_returns_a_list():
    x, _, _ = _multi_data()
    out = _multi_output_model().predict(x, batch_size=16, verbose=0)
    assert [o.shape for o in out] == [(40, 1), (40, 3)]


def test_epochs_initial_epoch_steps_and_validation_freq():
    x, y = np.ones((10, 2), "float32"), np.ones((10, 1), "float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, epochs=5, initial_epoch=2, validation_data=(x, y), validation_freq=2, verbose=0)
    assert history.epoch == [2, 3, 4]
    assert len(history.history["loss"]) == 3 and len(history.history["val_loss"]) == 1  # only after epoch 4
    seen = []
    model.fit(x, y, epochs=2, batch_size=2, steps_per_epoch=2, verbose=0,
              callbacks=[keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(b))])
    assert seen == [0, 1, 0, 1]
    assert int(model.optimizer.iterations.numpy()) == 3 + 4


def test_sample_weight_and_class_weight_agree():
    x = np.random.RandomState(3).normal(size=(8, 2)).astype("float32")
    y = np.array([0, 1, 0, 1, 1, 0, 0, 1])

    def run(**kwargs):
        keras.utils.set_random_seed(1)
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        return model.fit(x, y, shuffle=False, verbose=0, **kwargs).history["loss"]

    by_class = run(class_weight={0: 1.0, 1: 3.0})
    by_sample = run(sample_weight=np.where(y == 1, 3.0, 1.0))
    assert by_class == pytest.approx(by_sample, rel=1e-6)
    assert by_class != pytest.approx(run(), rel=1e-3)


def test_on_batch_methods():
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    loss, mae = model.train_on_batch(x, y)
    assert isinstance(loss, float) and isinstance(mae, float)
    assert set(model.test_on_batch(x, y, return_dict=True)) == {"loss", "mae"}
    assert model.predict_on_batch(x).shape == (4, 1)
    assert int(model.optimizer.iterations.numpy()) == 1


def test_custom_train_step_is_used():
    class Custom(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)
            self.tracker = keras.metrics.Mean(name="custom")

        def call(self, x):
            return self.dense(x)

        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(self(x) - y))
            grads = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
            self.tracker.update_state(loss)
            return {"custom": self.tracker.result()}

        @property
        def metrics(self):
            return [self.tracker]

    model = Custom()
    model.compile(optimizer="sgd")
    history = model.fit(np.ones((8, 2), "float32"), np.ones((8, 1), "float32"), epochs=3, verbose=0)
    assert list(history.history) == ["custom"]
    assert history.history["custom"][2] < history.history["custom"][0]


def test_python_control_flow_falls_back_to_eager_with_one_warning():
    class Branchy(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)

        def call(self, x):
            if tf.reduce_sum(x) > 0:  # needs AutoGraph to trace
                return self.dense(x)
            return -self.dense(x)

    model = Branchy()
    model.compile(optimizer="sgd", loss="mse")
    with pytest.warns(UserWarning, match="runs eagerly") as record:
        history = model.fit(np.ones((8, 2), "float32"), np.ones((8, 1), "float32"), batch_size=4, epochs=2,
                            verbose=0)
    assert sum("runs eagerly" in str(w.message) for w in record) == 1
    assert len(history.history["loss"]) == 2


# --- errors before any step -------------------------------------------------------------------------

def _model(units=1, activation=None):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, activation=activation)])
    return model


def test_x_y_length_mismatch():
    model = _model()
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=r"(?s)Data cardinality is ambiguous.*'x' sizes: 5.*'y' sizes: 4"):
        model.fit(np.ones((5, 2)), np.ones((4, 1)), verbose=0)
    assert int(model.optimizer.iterations.numpy()) == 0


def test_loss_that_does_not_fit_the_output():
    model = _model(3, "softmax")
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    with pytest.raises(ValueError, match=r"does not fit the output .*\(8,\).*\(8, 3\)"):
        model.fit(np.ones((8, 2)), np.zeros(8), verbose=0)
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=r"does not fit the output"):
        model.fit(np.ones((8, 2)), np.zeros((8, 2)), verbose=0)
    assert int(model.optimizer.iterations.numpy()) == 0


def test_unknown_loss_string_fails_at_compile():
    with pytest.raises(ValueError, match="Could not interpret loss identifier: mean_sqaured_error"):
        _model().compile(optimizer="sgd", loss="mean_sqaured_error")


def test_sparse_label_out_of_range_fails_at_the_first_batch_that_holds_it():
    model = _model(3, "softmax")
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    y = np.array([0, 1, 2, 1, 0, 7, 1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"label value of 7.*\[0, 3\)"):
        model.fit(np.ones((8, 2)), y, batch_size=4, shuffle=False, verbose=0)
    assert int(model.optimizer.iterations.numpy()) == 1  # the first batch trained, the second failed


def test_fit_before_compile():
    with pytest.raises(ValueError, match="You must call `compile\\(\\)` before using the model."):
        _model().fit(np.ones((2, 2)), np.ones((2, 1)))


# --- optimizers and losses inside fit ------------------------------------------------------------------

def test_compile_config_round_trip():
    model = _model()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae", keras.metrics.AUC()])
    again = _model()
    again.compile_from_config(model.get_compile_config())
    assert type(again.optimizer).__name__ == "Adam"
    assert float(again.optimizer.learning_rate.numpy()) == pytest.approx(0.01)
    assert again.loss == "mse"
    assert isinstance(again._compile_metrics._user_metrics[1], keras.metrics.AUC)


def test_regularization_losses_are_added_to_the_loss():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_regularizer=keras.regularizers.L2(0.1))])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((4, 2), "float32"), np.zeros((4, 1), "float32")
    kernel = model.layers[0].kernel.numpy()
    expected = np.mean((model.predict(x, verbose=0) - y) ** 2) + 0.1 * np.sum(kernel ** 2)
    assert model.evaluate(x, y, verbose=0) == pytest.approx(expected, rel=1e-5)


def test_gradient_accumulation_in_fit_runs_eagerly_and_matches_keras_counting():
    model = _model()
    model.compile(optimizer=keras.optimizers.SGD(0.1, gradient_accumulation_steps=2), loss="mse")
    with pytest.warns(UserWarning, match="gradient_accumulation_steps"):
        model.fit(np.ones((8, 2), "float32"), np.ones((8, 1), "float32"), batch_size=2, verbose=0)
    assert int(model.optimizer.iterations.numpy()) == 2  # four batches, two updates


def test_ema_weights_are_kept_at_the_end_of_fit():
    model = _model()
    model.compile(optimizer=keras.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.9), loss="mse")
    model.fit(np.ones((8, 2), "float32"), np.ones((8, 1), "float32"), batch_size=2, epochs=2, verbose=0)
    for w, average in zip(model.trainable_variables, model.optimizer._model_variables_moving_average):
        np.testing.assert_array_equal(w.numpy(), average.numpy())


def test_model_checkpoint_writes_files_that_load(tmp_path):
    model = _model()
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    weights_only = keras.callbacks.ModelCheckpoint(str(tmp_path / "w.weights.h5"), save_weights_only=True)
    every_epoch = keras.callbacks.ModelCheckpoint(str(tmp_path / "m-{epoch:02d}.keras"))
    model.fit(x, y, epochs=2, verbose=0, callbacks=[weights_only, every_epoch])
    assert sorted(p.name for p in tmp_path.glob("m-*.keras")) == ["m-01.keras", "m-02.keras"]
    restored = _model()
    restored.load_weights(str(tmp_path / "w.weights.h5"))
    reloaded = keras.models.load_model(str(tmp_path / "m-02.keras"))
    for a, b, c in zip(model.weights, restored.weights, reloaded.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
        np.testing.assert_array_equal(a.numpy(), c.numpy())


@pytest.mark.parametrize("case", TRAINING["saturated"], ids=lambda c: c["loss"])
def test_saturated_outputs_train_as_keras_graph_mode(case):
    """A final softmax/sigmoid's logits are used by the cross-entropy in graph mode, as Keras' TF backend does."""
    rng = np.random.RandomState(5)
    x = (rng.normal(size=(12, 4)) * 3).astype("float32")
    labels = rng.randint(0, 3, size=(12,))
    y = {"categorical_crossentropy": np.eye(3, dtype="float32")[labels], "sparse_categorical_crossentropy": labels,
         "binary_crossentropy": (labels == 1).astype("float32")[:, None]}[case["loss"]]
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(case["units"], activation=case["activation"])])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss=case["loss"], metrics=["accuracy"])
    model.set_weights([np.array(case["kernel"], "float32"), np.zeros(case["units"], "float32")])
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    for key, values in case["history"].items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-5, err_msg=key)
    for key, value in model.evaluate(x, y, verbose=0, return_dict=True).items():
        assert value == pytest.approx(case["evaluate"][key], rel=1e-5), key


def test_validation_batch_size_and_steps():
    x, y = np.ones((12, 2), "float32"), np.ones((12, 1), "float32")
    model = _model()
    model.compile(optimizer="sgd", loss="mse")
    batches = []
    probe = keras.callbacks.LambdaCallback(on_test_batch_end=lambda b, logs: batches.append(b))
    model.fit(x, y, verbose=0, validation_data=(x, y), validation_batch_size=5, callbacks=[probe])
    assert batches == [0, 1, 2]
    batches.clear()
    model.fit(x, y, verbose=0, validation_data=(x, y), validation_batch_size=2, validation_steps=2,
              callbacks=[probe])
    assert batches == [0, 1]


def test_generator_that_runs_out_warns_and_stops():
    def batches():
        for _ in range(3):
            yield np.ones((2, 2), "float32"), np.ones((2, 1), "float32")

    model = _model()
    model.compile(optimizer="sgd", loss="mse")
    with pytest.warns(UserWarning, match="Your input ran out of data"):
        history = model.fit(batches(), steps_per_epoch=2, epochs=5, verbose=0)
    assert len(history.history["loss"]) == 2
    assert int(model.optimizer.iterations.numpy()) == 3


def test_shuffle_reorders_samples_each_epoch_and_batch_shuffle_keeps_batches():
    x = np.arange(8, dtype="float32").reshape(8, 1)
    seen = []

    class Spy(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)

        def call(self, x):
            return self.dense(x)

        def train_step(self, data):
            seen.append(data[0].numpy().ravel().tolist())
            return {}

    model = Spy()
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    model.fit(x, x, batch_size=4, epochs=2, shuffle=False, verbose=0)
    assert seen == [[0, 1, 2, 3], [4, 5, 6, 7]] * 2
    seen.clear()
    keras.utils.set_random_seed(3)
    model.fit(x, x, batch_size=4, epochs=1, shuffle="batch", verbose=0)
    assert sorted(seen[0]) == [0, 1, 2, 3] and sorted(seen[1]) == [4, 5, 6, 7]
    seen.clear()
    model.fit(x, x, batch_size=4, epochs=3, shuffle=True, verbose=0)
    assert sorted(seen[0] + seen[1]) == list(range(8)) and seen[:2] != [[0, 1, 2, 3], [4, 5, 6, 7]]


@pytest.mark.parametrize("case", TRAINING["optimizer_fits"], ids=lambda c: c["optimizer"])
def test_whole_fit_with_each_optimizer_gives_keras_weights(case):
    rng = np.random.RandomState(5)
    x = (rng.normal(size=(12, 4)) * 3).astype("float32") / 3.0
    labels = rng.randint(0, 3, size=(12,))
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.get({"class_name": case["optimizer"], "config": case["kwargs"]}),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.set_weights([np.linspace(-1, 1, 20, dtype="float32").reshape(4, 5),
                       np.linspace(-0.1, 0.1, 5, dtype="float32"),
                       np.linspace(1, -1, 15, dtype="float32").reshape(5, 3), np.zeros(3, "float32")])
    history = model.fit(x, labels, batch_size=4, epochs=3, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], case["history"]["loss"], rtol=1e-5)
    for w, expected in zip(model.get_weights(), case["weights"]):
        np.testing.assert_allclose(w, expected, rtol=1e-5, atol=1e-6)
    # Rows whose ReLUs are all off predict softmax(bias): exact ties that a 1-ulp difference in a BLAS
    # sum can break either way, so accuracy may differ by those (two) samples.
    np.testing.assert_allclose(history.history["accuracy"], case["history"]["accuracy"], atol=2 / 12 + 1e-6)


def test_steps_per_execution_runs_several_steps_per_call_with_the_same_result():
    x = np.random.default_rng(0).normal(size=(40, 2)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    one, five = _model(), _model()
    one.set_weights(five.get_weights())
    one.compile(optimizer="sgd", loss="mse")
    five.compile(optimizer="sgd", loss="mse", steps_per_execution=3)  # 10 batches: 3 + 3 + 3 + 1
    batches = []
    callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: batches.append(batch))
    one.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    five.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0, callbacks=[callback])
    assert batches == [2, 5, 8, 9] * 2  # callbacks see one call per group, named by its last batch
    assert int(five.optimizer.iterations.numpy()) == 20
    for a, b in zip(one.weights, five.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5)
    assert five._multi_step_function is not None
