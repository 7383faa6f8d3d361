"""Records event files written by real TensorFlow into ``tests/fixtures/summary/``.

Run it with the reference environment (it needs TensorFlow and Keras; the tests never do)::

    TF_CPP_MIN_LOG_LEVEL=3 ~/.tfref/bin/python tools/record_summary_fixtures.py

- ``<case>.tfevents``: each case of ``tests/summary/summary_cases.py`` run by ``tf.summary``.
- ``keras_train.tfevents`` / ``keras_validation.tfevents``: what ``keras.callbacks.TensorBoard``
  writes during a one-epoch ``fit`` of a small model (``histogram_freq=1``, ``write_images=True``),
  without the ``graph_def`` event of the train function (TensorFlow's own op graph: large, and not
  something tensorflux can reproduce).
- ``manifest.json``: versions, the file names TF chose, the Keras model's JSON and weights, and
  the (file, tag, step, plugin) of every recorded event, in order.
"""

from __future__ import annotations

import json
import os
import pathlib
import struct
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "summary"
sys.path.insert(0, str(ROOT / "tests" / "summary"))

import summary_cases


def records(path) -> list[bytes]:
    data, out, offset = pathlib.Path(path).read_bytes(), [], 0
    while offset < len(data):
        (length,) = struct.unpack("<Q", data[offset:offset + 8])
        out.append(data[offset + 12:offset + 12 + length])
        offset += 12 + length + 4
    return out


def frame(record: bytes) -> bytes:
    """TFRecord framing with TF's own masked CRC (used only to re-frame a filtered file)."""
    from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c

    length = struct.pack("<Q", len(record))
    return length + struct.pack("<I", masked_crc32c(length)) + record + struct.pack("<I", masked_crc32c(record))


def describe(path, label) -> list[dict]:
    """(file, tag, step, plugin) of each summary event; graph events as tag ``<graph_def>``."""
    from tensorboard.compat.proto import event_pb2

    out = []
    for record in records(path):
        event = event_pb2.Event.FromString(record)
        if event.HasField("graph_def"):
            out.append({"file": label, "tag": "<graph_def>", "step": event.step, "plugin": ""})
        for value in event.summary.value:
            out.append({"file": label, "tag": value.tag, "step": event.step,
                        "plugin": value.metadata.plugin_data.plugin_name})
    return out


def only_file(logdir) -> pathlib.Path:
    (path,) = pathlib.Path(logdir).iterdir()
    return path


def record_cases(manifest) -> None:
    env = {"SummaryMetadata": tf.compat.v1.SummaryMetadata}
    for case in summary_cases.CASES:
        with tempfile.TemporaryDirectory() as logdir:
            summary_cases.run_case(tf, env, case, logdir)
            path = only_file(logdir)
            (OUT / f"{case}.tfevents").write_bytes(path.read_bytes())
            manifest["cases"][case] = {"tf_file_name": path.name, "events": describe(path, case)}


def record_keras(manifest) -> None:
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 4)).astype(np.float32)
    y = rng.integers(0, 2, size=16)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    with tempfile.TemporaryDirectory() as logdir:
        callback = keras.callbacks.TensorBoard(log_dir=logdir, histogram_freq=1, write_images=True)
        model.fit(x, y, epochs=1, batch_size=8, validation_data=(x, y), callbacks=[callback], verbose=0)
        events = []
        for run in ("train", "validation"):
            path = only_file(os.path.join(logdir, run))
            events += describe(path, run)
            kept = [r for r in records(path) if not _is_graph(r)]
            (OUT / f"keras_{run}.tfevents").write_bytes(b"".join(frame(r) for r in kept))
    manifest["keras"] = {
        "keras_version": keras.__version__,
        "model_json": model.to_json(),
        "weights": {w.path: np.asarray(w.numpy()).tolist() for layer in model.layers for w in layer.weights},
        "events": events,
    }


def _is_graph(record: bytes) -> bool:
    from tensorboard.compat.proto import event_pb2

    return event_pb2.Event.FromString(record).HasField("graph_def")


def main() -> None:
    import tensorboard

    OUT.mkdir(parents=True, exist_ok=True)
    manifest = {"tensorflow_version": tf.__version__, "tensorboard_version": tensorboard.__version__, "cases": {}}
    record_cases(manifest)
    record_keras(manifest)
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(manifest['cases'])} cases and the Keras callback's files to {OUT}")


if __name__ == "__main__":
    main()
