"""What keras.callbacks.TensorBoard writes during a real fit — runs, tags, steps and plugins, in order —
against what Keras 3.15.1 writes for the same calls (the manifest's recording, and the lists below,
printed from Keras 3.15.1 runs of the same scripts)."""

import json
import os

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras
from tensorflux.keras.callbacks.tensorboard import TensorBoard
from tensorflux.summary import state

from .tensorboard_helpers import MANIFEST, data, events, fit, small_model, values

SCALARS = "scalars"


def test_the_recorded_fit_writes_what_keras_writes(tmp_path):
    fit(tmp_path, histogram_freq=1, write_images=True)
    expected = [(e["file"], e["tag"], e["step"], e["plugin"]) for e in json.loads(MANIFEST.read_text())["keras"]["events"]]
    assert events(tmp_path) == expected
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    assert [len(os.listdir(tmp_path / run)) for run in ("train", "validation")] == [1, 1]


def test_scalar_values_follow_the_logs(tmp_path):
    _, history = fit(tmp_path, epochs=2)
    logs = history.history
    assert values(tmp_path, "train", "epoch_loss") == {0: np.float32(logs["loss"][0]), 1: np.float32(logs["loss"][1])}
    assert values(tmp_path, "train", "epoch_accuracy")[1] == np.float32(logs["accuracy"][1])
    assert values(tmp_path, "train", "epoch_learning_rate") == {0: np.float32(0.01), 1: np.float32(0.01)}
    assert values(tmp_path, "validation", "epoch_loss")[1] == np.float32(logs["val_loss"][1])
    # evaluation during fit: at the optimizer's iteration count (2 batches an epoch)
    evaluation = values(tmp_path, "validation", "evaluation_loss_vs_iterations")
    assert evaluation == {2: np.float32(logs["val_loss"][0]), 4: np.float32(logs["val_loss"][1])}


def test_the_keras_tag_holds_the_model_config(tmp_path):
    model, _ = fit(tmp_path, validation=False)
    (config,) = values(tmp_path, "train", "keras").values()
    assert json.loads(config.item()) == json.loads(model.to_json())
    assert json.loads(config.item())["class_name"] == "Sequential"


def test_update_freq_2_and_steps_per_second(tmp_path):
    # As Keras: batch logs at batches 2, 4, 6; the epoch-level summaries of epoch 0 (ending at batch 3)
    # are not recorded, because Keras leaves record_if(batch % update_freq == 0) in force.
    fit(tmp_path, samples=24, epochs=2, update_freq=2, write_steps_per_second=True)
    batch = [("train", tag, step, SCALARS) for step in (2, 4, 6)
             for tag in ("batch_steps_per_second", "batch_accuracy", "batch_loss")]
    assert events(tmp_path) == [("train", "keras", 0, "graph_keras_model"), *batch] + [
        ("train", "epoch_accuracy", 1, SCALARS), ("train", "epoch_loss", 1, SCALARS),
        ("train", "epoch_learning_rate", 1, SCALARS), ("train", "epoch_steps_per_second", 1, SCALARS),
        ("validation", "evaluation_accuracy_vs_iterations", 6, SCALARS),
        ("validation", "evaluation_loss_vs_iterations", 6, SCALARS),
        ("validation", "epoch_accuracy", 1, SCALARS), ("validation", "epoch_loss", 1, SCALARS)]
    assert values(tmp_path, "train", "epoch_steps_per_second")[1] > 0


def test_update_freq_batch_then_evaluate(tmp_path):
    model = small_model()
    x, y = np.ones((24, 4), np.float32), np.zeros(24, np.int64)
    callback = TensorBoard(str(tmp_path), update_freq="batch", write_graph=False)
    history = model.fit(x, y, epochs=1, batch_size=8, callbacks=[callback], verbose=0)
    loss = model.evaluate(x, y, batch_size=8, callbacks=[callback], verbose=0, return_dict=True)["loss"]
    assert events(tmp_path) == [("train", tag, step, SCALARS) for step in (1, 2, 3)
                                for tag in ("batch_accuracy", "batch_loss")] + [
        ("train", "epoch_accuracy", 0, SCALARS), ("train", "epoch_loss", 0, SCALARS),
        ("train", "epoch_learning_rate", 0, SCALARS),
        ("validation", "evaluation_accuracy_vs_iterations", 3, SCALARS),
        ("validation", "evaluation_loss_vs_iterations", 3, SCALARS)]
    assert values(tmp_path, "train", "batch_loss")[3] == np.float32(history.history["loss"][0])
    assert values(tmp_path, "validation", "evaluation_loss_vs_iterations") == {3: np.float32(loss)}
    assert state.STATE.writer is None and state.STATE.is_recording is None  # every pushed writer was popped
    callback._close_writers()  # as in Keras, evaluate leaves its writer open


def test_each_fit_and_evaluate_starts_new_event_files(tmp_path):
    # As Keras 3.15: set_model (called by fit and by evaluate) opens fresh writers, so fit, evaluate, fit
    # leave three files in each run, numbered in the order the writers were made.
    model, x, y = small_model(), *data(24)
    callback = TensorBoard(str(tmp_path))
    writers = []
    for run in (model.fit, model.evaluate, model.fit):
        kwargs = {"validation_data": (x, y)} if run == model.fit else {}
        run(x, y, batch_size=8, callbacks=[callback], verbose=0, **kwargs)
        writers += callback._writers.values()
    for writer in writers:  # as in Keras, set_model drops the writers that evaluate left open
        writer.close()
    numbers = {run: sorted(int(path.name.split(".")[-2]) for path in (tmp_path / run).iterdir())
               for run in ("train", "validation")}
    first = numbers["train"][0]
    assert numbers == {"train": [first, first + 2, first + 4], "validation": [first + 1, first + 3, first + 5]}


def test_functional_model_histograms_every_other_epoch(tmp_path):
    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax", name="out")(inputs))
    model.compile("adam", "sparse_categorical_crossentropy")
    fit(tmp_path, epochs=2, validation=False, model=model, histogram_freq=2)
    assert events(tmp_path) == [
        ("train", "keras", 0, "graph_keras_model"), ("train", "epoch_loss", 0, SCALARS),
        ("train", "epoch_learning_rate", 0, SCALARS), ("train", "out/kernel/histogram", 0, "histograms"),
        ("train", "out/bias/histogram", 0, "histograms"), ("train", "epoch_loss", 1, SCALARS),
        ("train", "epoch_learning_rate", 1, SCALARS)]
    assert os.listdir(tmp_path) == ["train"]


def test_a_subclassed_model_has_no_keras_tag(tmp_path):
    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(2, activation="softmax")

        def call(self, x):
            return self.dense(x)

    model = Subclassed()
    model.compile("sgd", "sparse_categorical_crossentropy")
    fit(tmp_path, validation=False, model=model)
    assert [tag for _, tag, _, _ in events(tmp_path)] == ["epoch_loss", "epoch_learning_rate"]


# Eagerly, summaries in `call` go to the train writer every update_freq batches. In a traced step, as in
# Keras 3.15 on TensorFlow, the recording condition is decided when the step is traced (batch 1): none.
@pytest.mark.parametrize("run_eagerly, steps", [(True, [2, 4]), (False, [])])
def test_summaries_in_call_are_recorded_every_update_freq_batches(tmp_path, run_eagerly, steps):
    class Logged(keras.layers.Layer):
        def call(self, x):
            tf.summary.scalar("inputs_mean", tf.reduce_mean(x))
            return x

    model = keras.Sequential([keras.Input((4,)), Logged(), keras.layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", run_eagerly=run_eagerly)
    fit(tmp_path, samples=32, validation=False, model=model, update_freq=2, write_graph=False)
    assert sorted(values(tmp_path, "train", "inputs_mean")) == steps


@pytest.mark.parametrize("write_graph", [True, False])
def test_write_graph_and_no_default_writer_left_behind(tmp_path, write_graph):
    fit(tmp_path, update_freq=1, write_graph=write_graph)
    assert state.STATE.writer is None
    assert (("train", "keras", 0, "graph_keras_model") in events(tmp_path)) is write_graph
