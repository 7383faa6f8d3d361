"""A small fit logged by the TensorBoard callback, and its event files read back by the real tensorboard."""

import pathlib

import numpy as np
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
from tensorboard.util import tensor_util

from tensorflux import keras
from tensorflux.keras.callbacks.tensorboard import TensorBoard

MANIFEST = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "summary" / "manifest.json"


def data(samples=16):
    rng = np.random.default_rng(0)
    return rng.normal(size=(samples, 4)).astype(np.float32), rng.integers(0, 2, size=samples)


def small_model():
    """The model of the Keras 3.15 recording in tests/fixtures/summary/manifest.json."""
    # named, so that the weight paths do not depend on how many models the process made before
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu", name="dense"),
                              keras.layers.Dense(2, activation="softmax", name="dense_1")], name="sequential")
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def fit(logdir, samples=16, epochs=1, validation=True, model=None, **callback_args):
    """Fits ``model`` (the small model by default) with batches of 8 and a TensorBoard callback."""
    model = model or small_model()
    x, y = data(samples)
    history = model.fit(x, y, epochs=epochs, batch_size=8, validation_data=(x, y) if validation else None,
                        callbacks=[TensorBoard(log_dir=str(logdir), **callback_args)], verbose=0)
    return model, history


def events(logdir):
    """``(run, tag, step, plugin)`` of every summary value (and ``graph_def`` event), file by file in order."""
    found = []
    for path in sorted(pathlib.Path(logdir).rglob("events.out.tfevents.*")):
        run = path.parent.relative_to(logdir).as_posix()
        for event in EventFileLoader(str(path)).Load():
            if event.HasField("graph_def"):
                found.append((run, "graph_def", event.step, None))
            for value in event.summary.value:
                found.append((run, value.tag, event.step, value.metadata.plugin_data.plugin_name))
    return found


def values(logdir, run, tag):
    """``{step: value}`` of the scalar (or any tensor) summary ``tag`` in ``run``."""
    out = {}
    for path in sorted((pathlib.Path(logdir) / run).glob("events.out.tfevents.*")):
        for event in EventFileLoader(str(path)).Load():
            for value in event.summary.value:
                if value.tag == tag:
                    out[event.step] = tensor_util.make_ndarray(value.tensor)
    return out
