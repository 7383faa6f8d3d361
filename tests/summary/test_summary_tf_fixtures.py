"""Our event files against real TensorFlow's, recorded by tools/record_summary_fixtures.py: the same
summary calls give the same records byte for byte, apart from the times and the name of the writer
in the first record."""

import json
import pathlib
import re

import numpy as np
import pytest
import summary_cases
from tensorboard.compat.proto import event_pb2

import tensorflux as tf
from tensorflux.summary.keras_support import keras_model_summary, log_weights
from tensorflux.summary.messages import SummaryMetadata
from tensorflux.summary.records import read_records

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "summary"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())


def without_time(record: bytes) -> bytes:
    """An event with its wall time (field 1, a fixed64 at the start) zeroed."""
    assert record[:1] == b"\t"
    return record[:1] + bytes(8) + record[9:]


def our_records(logdir) -> list[bytes]:
    (path,) = pathlib.Path(logdir).glob("events.out.tfevents.*")
    return read_records(path)


@pytest.mark.parametrize("case", sorted(summary_cases.CASES))
def test_same_records_as_tensorflow(case, tmp_path):
    summary_cases.run_case(tf, {"SummaryMetadata": SummaryMetadata}, case, str(tmp_path))
    ours, theirs = our_records(tmp_path), read_records(FIXTURES / f"{case}.tfevents")
    assert len(ours) == len(theirs)
    first_ours, first_theirs = event_pb2.Event.FromString(ours[0]), event_pb2.Event.FromString(theirs[0])
    assert first_ours.file_version == first_theirs.file_version == "brain.Event:2"
    assert first_ours.wall_time == int(first_ours.wall_time)  # whole seconds, as TF writes the first event
    for index, (mine, reference) in enumerate(zip(ours[1:], theirs[1:]), 1):
        assert without_time(mine) == without_time(reference), f"record {index} of {case}"


def test_file_names_have_tensorflows_form(tmp_path):
    pattern = re.compile(r"events\.out\.tfevents\.\d{10}\.[^.]+(\.[^.]+)*\.\d+\.\d+\.v2$")
    tf.summary.create_file_writer(str(tmp_path))
    (ours,) = [p.name for p in tmp_path.iterdir()]
    for name in [ours] + [c["tf_file_name"] for c in MANIFEST["cases"].values()]:
        assert pattern.match(name), name


class Weight:
    """Stands for a Keras variable: a path and a value."""

    def __init__(self, path, value):
        self.path, self.value = path, np.asarray(value, np.float32)

    def __tf_tensor__(self, dtype=None, name=None):
        return tf.constant(self.value)


class Layer:
    def __init__(self, weights):
        self.weights = weights


class Model:
    """Stands for the Keras model that the fixture's callback saw: its JSON and final weights."""

    def __init__(self, recorded):
        self.recorded = recorded
        layers = {}
        for path, value in recorded["weights"].items():
            layers.setdefault(path.rsplit("/", 1)[0], []).append(Weight(path, value))
        self.layers = [Layer(weights) for weights in layers.values()]

    def to_json(self):
        return self.recorded["model_json"]


def test_keras_callback_records_are_reproduced(tmp_path):
    keras = MANIFEST["keras"]
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        keras_model_summary("keras", Model(keras), step=0)
        log_weights(Model(keras), 0, write_images=True)
    ours = our_records(tmp_path)[1:]
    theirs = read_records(FIXTURES / "keras_train.tfevents")[1:]
    scalar_tags = {e["tag"] for e in keras["events"] if e["file"] == "train" and e["plugin"] == "scalars"}
    theirs = [r for r in theirs if event_pb2.Event.FromString(r).summary.value[0].tag not in scalar_tags]
    assert [without_time(r) for r in ours] == [without_time(r) for r in theirs]


def test_keras_callback_tags_are_documented_by_the_fixture():
    tags = [(e["file"], e["tag"], e["plugin"]) for e in MANIFEST["keras"]["events"]]
    assert ("train", "keras", "graph_keras_model") in tags
    assert ("train", "epoch_loss", "scalars") in tags and ("validation", "epoch_loss", "scalars") in tags
    assert ("validation", "evaluation_loss_vs_iterations", "scalars") in tags
    assert ("train", "sequential/dense/kernel/histogram", "histograms") in tags
    assert ("train", "sequential/dense/kernel/image", "images") in tags
