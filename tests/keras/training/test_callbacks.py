"""Every callback's behaviour, and the order in which fit/evaluate/predict call the hooks."""

import csv

import numpy as np
import pytest

from tensorflux import keras

X = np.linspace(-1, 1, 16, dtype="float32").reshape(8, 2)
Y = (X[:, :1] * 2.0 + 1.0).astype("float32")


def _model(lr=0.1, optimizer=None, **compile_kwargs):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=optimizer or keras.optimizers.SGD(lr), loss="mse", **compile_kwargs)
    return model


class Recorder(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        if name.startswith("on_") and name not in ("on_batch_begin", "on_batch_end"):
            calls = object.__getattribute__(self, "calls")
            return lambda *args, **kwargs: calls.append((name,) + tuple(a for a in args if isinstance(a, int)))
        return object.__getattribute__(self, name)


def test_hook_order_in_fit_evaluate_predict():
    recorder = Recorder()
    model = _model()
    model.fit(X, Y, batch_size=4, epochs=2, verbose=0, validation_data=(X, Y), callbacks=[recorder])
    epoch = [("on_epoch_begin", 0), ("on_train_batch_begin", 0), ("on_train_batch_end", 0),
             ("on_train_batch_begin", 1), ("on_train_batch_end", 1), ("on_test_begin",),
             ("on_test_batch_begin", 0), ("on_test_batch_end", 0), ("on_test_batch_begin", 1),
             ("on_test_batch_end", 1), ("on_test_end",), ("on_epoch_end", 0)]
    second = [(c[0], 1) if c[0].startswith("on_epoch") else c for c in epoch]
    assert recorder.calls == [("on_train_begin",)] + epoch + second + [("on_train_end",)]
    assert recorder.params == {"verbose": 0, "epochs": 2, "steps": 2}
    assert recorder.model is model
    recorder.calls.clear()
    model.predict(X, batch_size=8, verbose=0, callbacks=[recorder])
    assert recorder.calls == [("on_predict_begin",), ("on_predict_batch_begin", 0), ("on_predict_batch_end", 0),
                              ("on_predict_end",)]


def test_history_is_returned_and_kept_on_the_model():
    model = _model()
    history = model.fit(X, Y, epochs=3, verbose=0)
    assert isinstance(history, keras.callbacks.History)
    assert model.history is history
    assert history.epoch == [0, 1, 2] and len(history.history["loss"]) == 3
    assert all(isinstance(v, float) for v in history.history["loss"])


def test_early_stopping_patience_and_restore_best_weights():
    model = _model(lr=2.5)  # diverges: the loss grows after the first epoch
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=2, restore_best_weights=True, verbose=1)
    weights = []
    record = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: weights.append(model.get_weights()))
    history = model.fit(X, Y, epochs=20, verbose=0, callbacks=[record, stop])
    losses = history.history["loss"]
    best = int(np.argmin(losses))
    assert len(losses) == best + 3  # two epochs without improvement, then stop
    assert stop.stopped_epoch == best + 2 and stop.best_epoch == best
    for w, expected in zip(model.get_weights(), weights[best]):
        np.testing.assert_array_equal(w, expected)


def test_early_stopping_start_from_epoch_baseline_and_mode():
    model = _model(lr=2.5)
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=0, start_from_epoch=4)
    assert len(model.fit(X, Y, epochs=10, verbose=0, callbacks=[stop]).history["loss"]) >= 5
    model = _model(lr=0.0)  # a plateau: stops once `patience` epochs bring nothing
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=2)
    assert len(model.fit(X, Y, epochs=10, verbose=0, callbacks=[stop]).history["loss"]) == 3
    model = _model(lr=0.01)  # improving, but never reaching the baseline: Keras keeps training
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1, baseline=1e-9)
    assert len(model.fit(X, Y, epochs=4, verbose=0, callbacks=[stop]).history["loss"]) == 4
    model = _model(metrics=["mae"])
    stop = keras.callbacks.EarlyStopping(monitor="mystery")
    with pytest.raises(ValueError, match="isn't able to automatically determine"):
        model.fit(X, Y, epochs=2, verbose=0, callbacks=[stop])


def test_early_stopping_monitors_accuracy_upwards():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="accuracy")
    model.fit(X, (Y > 1).astype("float32"), epochs=1, verbose=0, callbacks=[stop])
    assert stop.monitor_op is np.greater


class SavingModel(keras.Sequential):
    """Records what ModelCheckpoint asks to save (the file formats belong to the saving module)."""

    saved: list = []  # noqa: RUF012 (a record shared by the test)

    def save(self, filepath, overwrite=True):
        self.saved.append(("model", filepath))

    def save_weights(self, filepath, overwrite=True):
        self.saved.append(("weights", filepath))


def test_model_checkpoint_names_and_best_only(tmp_path):
    model = SavingModel([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(2.5), loss="mse")
    SavingModel.saved = []
    every = keras.callbacks.ModelCheckpoint(str(tmp_path / "m_{epoch:02d}_{loss:.1f}.weights.h5"),
                                            save_weights_only=True)
    model.fit(X, Y, epochs=3, verbose=0, callbacks=[every])
    assert [kind for kind, _ in SavingModel.saved] == ["weights"] * 3
    assert SavingModel.saved[0][1].startswith(str(tmp_path / "m_01_"))
    SavingModel.saved = []
    best = keras.callbacks.ModelCheckpoint(str(tmp_path / "best.keras"), monitor="loss", save_best_only=True)
    history = model.fit(X, Y, epochs=4, verbose=0, callbacks=[best])
    improvements = sum(1 for i, v in enumerate(history.history["loss"]) if v < min(history.history["loss"][:i],
                                                                                   default=np.inf))
    assert SavingModel.saved == [("model", str(tmp_path / "best.keras"))] * improvements


def test_model_checkpoint_checks_the_file_extension():
    with pytest.raises(ValueError, match="must end in `.keras`"):
        keras.callbacks.ModelCheckpoint("model.h5")
    with pytest.raises(ValueError, match="must end in `.weights.h5`"):
        keras.callbacks.ModelCheckpoint("model.keras", save_weights_only=True)


def test_learning_rate_scheduler_sets_and_logs_the_rate():
    model = _model(lr=0.1)
    scheduler = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    history = model.fit(X, Y, epochs=3, verbose=0, callbacks=[scheduler])
    np.testing.assert_allclose(history.history["learning_rate"], [0.05, 0.025, 0.0125], rtol=1e-6)
    old_style = keras.callbacks.LearningRateScheduler(lambda epoch: 0.2 if epoch else 0.3)
    history = model.fit(X, Y, epochs=2, verbose=0, callbacks=[old_style])
    np.testing.assert_allclose(history.history["learning_rate"], [0.3, 0.2], rtol=1e-6)


def test_reduce_lr_on_plateau():
    model = _model(lr=1e-9)  # no progress: a plateau from the start
    reduce = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2, min_lr=2e-10)
    history = model.fit(X, Y, epochs=6, verbose=0, callbacks=[reduce])
    np.testing.assert_allclose(history.history["learning_rate"], [1e-9, 1e-9, 1e-9, 5e-10, 5e-10, 2.5e-10],
                               rtol=1e-5)
    with pytest.raises(ValueError, match="factor >= 1.0"):
        keras.callbacks.ReduceLROnPlateau(factor=1.5)


def test_csv_logger(tmp_path):
    path = tmp_path / "log.csv"
    model = _model()
    model.fit(X, Y, epochs=2, verbose=0, validation_data=(X, Y), callbacks=[keras.callbacks.CSVLogger(path)])
    rows = list(csv.reader(path.open()))
    assert rows[0] == ["epoch", "loss", "val_loss"]
    assert [r[0] for r in rows[1:]] == ["0", "1"]
    model.fit(X, Y, epochs=1, verbose=0, callbacks=[keras.callbacks.CSVLogger(path, append=True)])
    assert len(list(csv.reader(path.open()))) == 4  # no second header


def test_terminate_on_nan(capsys):
    model = _model(lr=1e30)
    history = model.fit(X * 1e10, Y, epochs=5, batch_size=2, verbose=0,
                        callbacks=[keras.callbacks.TerminateOnNaN()])
    assert len(history.history["loss"]) == 1
    assert "Invalid loss, terminating training" in capsys.readouterr().out


def test_stop_training_from_a_lambda_callback():
    model = _model()

    def stop(epoch, logs):
        model.stop_training = epoch == 1

    history = model.fit(X, Y, epochs=10, verbose=0, callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=stop)])
    assert history.epoch == [0, 1]


def test_swap_ema_weights_evaluates_with_the_average():
    model = _model(optimizer=keras.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5))
    model.fit(X, Y, epochs=2, verbose=0)
    average = [v.numpy() for v in model.optimizer._model_variables_moving_average]
    current = model.get_weights()
    seen = []
    probe = keras.callbacks.LambdaCallback(on_test_begin=lambda logs: seen.append(model.get_weights()))
    model.evaluate(X, Y, verbose=0, callbacks=[keras.callbacks.SwapEMAWeights(), probe])
    for w, a in zip(seen[0], average):
        np.testing.assert_array_equal(w, a)
    for w, c in zip(model.get_weights(), current):
        np.testing.assert_array_equal(w, c)
    plain = _model()
    plain.fit(X, Y, verbose=0)
    with pytest.raises(ValueError, match="use_ema=True"):
        plain.evaluate(X, Y, verbose=0, callbacks=[keras.callbacks.SwapEMAWeights()])


def test_a_non_callback_is_refused():
    with pytest.raises(TypeError, match="Expected an instance of `keras.callbacks.Callback`"):
        _model().fit(X, Y, verbose=0, callbacks=[object()])
