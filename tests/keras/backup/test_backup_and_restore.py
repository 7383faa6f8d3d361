"""``BackupAndRestore``: options, what a backup holds, restoring it, deleting it."""

import doctest
import os
import random as python_random

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras
from tensorflux.keras.callbacks import backup_and_restore as bar
from tensorflux.keras.callbacks.backup_and_restore import BackupAndRestore

EPOCHS, BATCHES = 5, 4  # 60 samples in batches of 16


@pytest.fixture(autouse=True)
def _keep_random_state():
    """These tests seed every generator; the tests that run after them find the generators as they were."""
    state = bar._random_state()
    yield
    bar._apply_random_state(state)


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 6)).astype("float32")
    return x, (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0.5).astype("int64")


def _model(dropout_seed=3):
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dropout(0.3, seed=dropout_seed), keras.layers.Dense(3)])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model


def _fit(model, *callbacks, epochs=EPOCHS):
    x, y = _data()
    return model.fit(x, y, epochs=epochs, batch_size=16, shuffle=True, verbose=0, callbacks=list(callbacks))


class Interrupt(keras.callbacks.Callback):
    """Raises after batch ``batch`` of epoch ``epoch`` (after the backup callback's hooks)."""

    def __init__(self, epoch, batch=None):
        super().__init__()
        self.epoch, self.batch, self.current = epoch, batch, None

    def on_epoch_begin(self, epoch, logs=None):
        self.current = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.batch is not None and (self.current, batch) == (self.epoch, self.batch):
            raise RuntimeError("interrupted")

    def on_epoch_end(self, epoch, logs=None):
        if self.batch is None and epoch == self.epoch:
            raise RuntimeError("interrupted")


class Probe(keras.callbacks.Callback):
    """Records what the model looks like when training begins (placed after the backup callback)."""

    def on_train_begin(self, logs=None):
        self.initial_epoch = getattr(self.model, "_initial_epoch", None)
        self.initial_step = getattr(self.model, "_initial_step", None)
        self.iterations = int(self.model.optimizer.iterations.numpy())
        self.weights = [w.numpy() for w in self.model.weights]


def _interrupted(backup_dir, epoch, batch=None, **options):
    model = _model()
    with pytest.raises(RuntimeError, match="interrupted"):
        _fit(model, BackupAndRestore(backup_dir, **options), Interrupt(epoch, batch))
    return model


def _saved(backup_dir, name):
    return tf.train.load_variable(tf.train.latest_checkpoint(str(backup_dir)), name)


def _trainer_resumes() -> bool:
    """Whether ``fit`` starts at ``model._initial_epoch`` when a callback sets it in ``on_train_begin``."""
    class SetInitialEpoch(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            object.__setattr__(self.model, "_initial_epoch", 1)

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(np.ones((2, 1)), np.ones((2, 1)), epochs=2, verbose=0, callbacks=[SetInitialEpoch()])
    object.__setattr__(model, "_initial_epoch", None)
    return history.epoch == [1]


# --- options ---------------------------------------------------------------------------------------

def test_empty_backup_dir_is_refused():
    with pytest.raises(ValueError, match="Empty `backup_dir` argument passed"):
        BackupAndRestore("")


def test_bad_save_freq_is_refused(tmp_path):
    with pytest.raises(ValueError, match="Invalid value for argument `save_freq`. Received: save_freq=often"):
        BackupAndRestore(tmp_path, save_freq="often")


def test_defaults(tmp_path):
    callback = BackupAndRestore(tmp_path)
    assert (callback.save_freq, callback.double_checkpoint, callback.delete_checkpoint) == ("epoch", False, True)
    assert isinstance(callback, keras.callbacks.Callback)


def test_an_unbuilt_model_is_refused(tmp_path):
    callback = BackupAndRestore(tmp_path)
    callback.set_model(keras.Sequential([keras.layers.Dense(1)]))
    with pytest.raises(ValueError, match="you model must be built before you call `fit\\(\\)`"):
        callback.on_train_begin()


# --- saving and deleting ---------------------------------------------------------------------------

def test_backup_is_deleted_when_training_ends(tmp_path):
    backup_dir = tmp_path / "backup"
    _fit(_model(), BackupAndRestore(backup_dir))
    assert not backup_dir.exists()


def test_backup_is_kept_without_delete_checkpoint(tmp_path):
    backup_dir = tmp_path / "backup"
    model = _model()
    _fit(model, BackupAndRestore(backup_dir, delete_checkpoint=False))
    assert sorted(os.listdir(backup_dir)) == ["backup-5.h5", "checkpoint"]  # one backup kept, the 5th
    assert (_saved(backup_dir, "training_state/epoch"), _saved(backup_dir, "training_state/step")) == (EPOCHS, 0)
    assert _saved(backup_dir, "optimizer/_iterations") == EPOCHS * BATCHES
    names = {name for name, _ in tf.train.list_variables(str(backup_dir))}
    assert {"training_state/numpy_global", "training_state/seeds_stream_states", "metrics/0/total"} <= names
    np.testing.assert_array_equal(_saved(backup_dir, "model/_layers/1/kernel"), model.layers[0].kernel.numpy())


def test_an_integer_save_freq_counts_batches_across_epochs(tmp_path):
    backup_dir = tmp_path / "backup"
    _fit(_model(), BackupAndRestore(backup_dir, save_freq=3, delete_checkpoint=False), epochs=2)
    # 8 batches: backups after batches 3 and 6 in all, i.e. epoch 0 batch 2 and epoch 1 batch 1
    assert _saved(backup_dir, "save_counter") == 2
    assert (_saved(backup_dir, "training_state/epoch"), _saved(backup_dir, "training_state/step")) == (1, 2)


def test_a_backup_after_an_epochs_last_batch_resumes_at_the_next_epoch(tmp_path):
    backup_dir = tmp_path / "backup"
    _fit(_model(), BackupAndRestore(backup_dir, save_freq=BATCHES, delete_checkpoint=False), epochs=2)
    assert (_saved(backup_dir, "training_state/epoch"), _saved(backup_dir, "training_state/step")) == (2, 0)


def test_save_freq_false_writes_no_backup(tmp_path):
    backup_dir = tmp_path / "backup"
    _fit(_model(), BackupAndRestore(backup_dir, save_freq=False, delete_checkpoint=False))
    assert tf.train.latest_checkpoint(str(backup_dir)) is None


def test_double_checkpoint_keeps_two_backups(tmp_path):
    backup_dir = tmp_path / "backup"
    _fit(_model(), BackupAndRestore(backup_dir, double_checkpoint=True, delete_checkpoint=False))
    assert sorted(os.listdir(backup_dir)) == ["backup-4.h5", "backup-5.h5", "checkpoint"]


# --- restoring ---------------------------------------------------------------------------------------

def test_train_begin_restores_weights_optimizer_and_position(tmp_path):
    backup_dir = tmp_path / "backup"
    interrupted = _interrupted(backup_dir, epoch=1)  # backups after epochs 0 and 1
    probe = Probe()
    model = _model()
    _fit(model, BackupAndRestore(backup_dir), probe)
    assert (probe.initial_epoch, probe.initial_step) == (2, 0)
    assert probe.iterations == 2 * BATCHES
    for got, want in zip(probe.weights, interrupted.weights):
        np.testing.assert_array_equal(got, want.numpy())
    assert getattr(model, "_initial_epoch", None) is None  # cleared for the next fit


@pytest.mark.parametrize("save_freq, epoch, batch", [("epoch", 2, None), (3, 2, 1), (1, 0, 0), (2, 3, 3)])
def test_interrupted_run_ends_with_the_uninterrupted_weights(tmp_path, save_freq, epoch, batch):
    reference = _model()
    expected = _fit(reference)
    backup_dir = tmp_path / "backup"
    _interrupted(backup_dir, epoch, batch, save_freq=save_freq)
    model, probe = _model(), Probe()
    history = _fit(model, BackupAndRestore(backup_dir, save_freq=save_freq), probe)
    for got, want in zip(model.weights, reference.weights):
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    resumed = [(i, e) for i, e in enumerate(history.epoch) if e >= probe.initial_epoch]
    assert resumed and resumed[-1][1] == EPOCHS - 1
    for name, values in expected.history.items():  # the logs from the resumed epoch on
        assert [history.history[name][i] for i, _ in resumed] == [values[e] for _, e in resumed], name
    assert not backup_dir.exists()


def test_a_resumed_run_backs_up_at_the_same_batches(tmp_path):
    backup_dir = tmp_path / "backup"
    _interrupted(backup_dir, epoch=1, batch=2, save_freq=3)  # backups after batches 3 and 6 (epoch 1, batch 1)
    _fit(_model(), BackupAndRestore(backup_dir, save_freq=3, delete_checkpoint=False))
    assert _saved(backup_dir, "save_counter") == EPOCHS * BATCHES // 3  # then after batches 9, 12, 15 and 18
    assert (_saved(backup_dir, "training_state/epoch"), _saved(backup_dir, "training_state/step")) == (4, 2)


@pytest.mark.xfail(not _trainer_resumes(), reason="fit does not read model._initial_epoch yet: it trains the "
                                                  "epochs before the backup again", strict=True)
def test_fit_resumes_at_the_saved_epoch(tmp_path):
    backup_dir = tmp_path / "backup"
    _interrupted(backup_dir, epoch=1)
    history = _fit(_model(), BackupAndRestore(backup_dir))
    assert history.epoch == [2, 3, 4]


def test_a_finished_kept_backup_restores_its_weights_again(tmp_path):
    backup_dir = tmp_path / "backup"
    finished = _model()
    _fit(finished, BackupAndRestore(backup_dir, delete_checkpoint=False))
    model = _model()
    _fit(model, BackupAndRestore(backup_dir, delete_checkpoint=False))  # nothing left to train
    for got, want in zip(model.weights, finished.weights):
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path):
    backup_dir = tmp_path / "backup"
    _interrupted(backup_dir, epoch=2, double_checkpoint=True)  # backups after epochs 1 and 2
    newest = tf.train.latest_checkpoint(str(backup_dir)) + ".h5"
    with open(newest, "r+b") as f:
        f.seek(600)
        f.write(b"garbage!")
    probe = Probe()
    _fit(_model(), BackupAndRestore(backup_dir, double_checkpoint=True), probe)
    assert probe.initial_epoch == 2  # the backup taken after epoch 1


def test_a_corrupted_backup_is_an_error_without_double_checkpoint(tmp_path):
    backup_dir = tmp_path / "backup"
    _interrupted(backup_dir, epoch=1)
    newest = tf.train.latest_checkpoint(str(backup_dir)) + ".h5"
    with open(newest, "r+b") as f:
        f.seek(600)
        f.write(b"garbage!")
    with pytest.raises(tf.errors.DataLossError, match="backup-2"):
        _fit(_model(), BackupAndRestore(backup_dir))


def test_docstring_example():
    failures, _ = doctest.testmod(bar, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


# --- generator states --------------------------------------------------------------------------------

def _draw_everything():
    return (np.random.random(3).tolist(), [python_random.random() for _ in range(3)],
            tf.random.uniform((3,)).numpy().tolist(), tf.random.uniform((3,), seed=5).numpy().tolist(),
            keras.random.uniform((3,)).numpy().tolist())


@pytest.mark.parametrize("global_seed", [11, None])
def test_random_state_round_trip(global_seed):
    keras.utils.set_random_seed(3)
    tf.random.set_seed(global_seed)
    _draw_everything()
    np.random.normal()  # a cached Gaussian in NumPy's state
    python_random.gauss(0, 1)  # and in Python's
    state = {name: np.asarray(value, np.int64) for name, value in bar._random_state().items()}
    expected = _draw_everything() + (np.random.normal(), python_random.gauss(0, 1))
    _draw_everything()
    tf.random.set_seed(99)
    bar._apply_random_state(state)
    assert _draw_everything() + (np.random.normal(), python_random.gauss(0, 1)) == expected


def test_a_stream_held_elsewhere_is_restored_in_place():
    tf.random.set_seed(4)
    tf.random.uniform((2,), seed=9)
    stream = bar.random_ops.get_seed(9)
    generator = bar.random_ops.SEEDS.streams[stream]
    state = bar._random_state()
    expected = generator.random(3)
    bar._apply_random_state(state)
    assert bar.random_ops.SEEDS.streams[stream] is generator  # a traced graph may hold this object
    np.testing.assert_array_equal(generator.random(3), expected)


@pytest.mark.parametrize("make", [lambda: np.random.get_state(legacy=False),
                                  lambda: np.random.default_rng(5).bit_generator.state,
                                  lambda: np.random.Generator(np.random.Philox(key=[1, 2])).bit_generator.state])
def test_generator_state_words_round_trip(make):
    state = make()
    words = bar._words(state)
    assert words.dtype == np.int64
    rebuilt = bar._from_words(state, words)
    assert bar._words(rebuilt).tolist() == words.tolist()
    assert repr(rebuilt) == repr(state)
