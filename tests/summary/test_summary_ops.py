"""scalar, histogram, image, text and write: read back with the real tensorboard's EventAccumulator
(its tensor accessors, as TF2 summaries are tensors); steps, recording conditions, errors as TF
raises them, and summaries written from inside ``tf.function``."""

import io

import numpy as np
import pytest
from PIL import Image
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util

import tensorflux as tf
from tensorflux.errors import InvalidArgumentError, UnimplementedError
from tensorflux.summary.messages import SummaryMetadata


def accumulate(logdir) -> EventAccumulator:
    accumulator = EventAccumulator(str(logdir), size_guidance={"tensors": 0})
    accumulator.Reload()
    return accumulator


def values(accumulator, tag):
    return [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in accumulator.Tensors(tag)]


def plugin(accumulator, tag):
    return accumulator.SummaryMetadata(tag).plugin_data.plugin_name


def test_scalars(tmp_path):
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        assert bool(tf.summary.scalar("loss", 0.5, step=1))
        tf.summary.scalar("loss", tf.constant(0.25, tf.float64), step=2)
        tf.summary.scalar("accuracy", np.int64(1), step=2**40, description="The share right.")
        tf.summary.scalar("variable", tf.Variable(3.5), step=0)
    accumulator = accumulate(tmp_path)
    loss = values(accumulator, "loss")
    assert [s for s, _ in loss] == [1, 2] and [float(v) for _, v in loss] == [0.5, 0.25]
    assert all(v.dtype == np.float32 and v.shape == () for _, v in loss)
    assert values(accumulator, "accuracy") == [(2**40, np.float32(1.0))]
    assert accumulator.SummaryMetadata("accuracy").summary_description == "The share right."
    assert plugin(accumulator, "loss") == "scalars"
    assert values(accumulator, "variable")[0][1] == np.float32(3.5)


def test_histogram_buckets(tmp_path):
    data = np.random.default_rng(0).normal(size=(30, 40)).astype(np.float32)
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        tf.summary.histogram("weights", tf.constant(data), step=3)
        tf.summary.histogram("five", [0.0, 1.0, 1.5, 4.0, 5.0], step=4, buckets=5)
        tf.summary.histogram("same", [2.0, 2.0, 2.0], step=5, buckets=4)
        tf.summary.histogram("empty", np.zeros((0,)), step=6)
    accumulator = accumulate(tmp_path)
    ((step, buckets),) = values(accumulator, "weights")
    assert step == 3 and buckets.shape == (30, 3) and buckets.dtype == np.float64
    assert buckets[0, 0] == data.min() and buckets[-1, 1] == data.max()
    np.testing.assert_array_equal(buckets[1:, 0], buckets[:-1, 1])
    assert buckets[:, 2].sum() == data.size
    np.testing.assert_array_equal(values(accumulator, "five")[0][1],
                                  [[0, 1, 1], [1, 2, 2], [2, 3, 0], [3, 4, 0], [4, 5, 2]])
    np.testing.assert_array_equal(values(accumulator, "same")[0][1], [[2, 2, 0], [2, 2, 0], [2, 2, 0], [2, 2, 3]])
    np.testing.assert_array_equal(values(accumulator, "empty")[0][1], np.zeros((30, 3)))
    assert plugin(accumulator, "weights") == "histograms"


def test_images_decode_to_the_pixels(tmp_path):
    rgb = np.random.default_rng(1).uniform(size=(4, 5, 7, 3)).astype(np.float32)
    gray = np.arange(2 * 3 * 2, dtype=np.uint8).reshape(2, 3, 2, 1) * 20
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        tf.summary.image("rgb", rgb, step=1, max_outputs=2)
        tf.summary.image("gray", gray, step=2)
    accumulator = accumulate(tmp_path)
    ((_, rgb_strings),) = values(accumulator, "rgb")
    assert list(rgb_strings[:2]) == [b"7", b"5"] and len(rgb_strings) == 4  # width, height, two of four images
    for png, image in zip(rgb_strings[2:], rgb):
        np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(png))), (image * 255.5).astype(np.uint8))
    ((_, gray_strings),) = values(accumulator, "gray")
    decoded = [np.asarray(Image.open(io.BytesIO(png))) for png in gray_strings[2:]]
    np.testing.assert_array_equal(np.stack(decoded)[..., None], gray)
    assert plugin(accumulator, "rgb") == "images"


def test_text(tmp_path):
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        tf.summary.text("note", "héllo **world**", step=1)
        tf.summary.text("table", [["a", "b"], ["c", "d"]], step=2)
    accumulator = accumulate(tmp_path)
    assert values(accumulator, "note")[0][1] == "héllo **world**".encode()
    np.testing.assert_array_equal(values(accumulator, "table")[0][1], [[b"a", b"b"], [b"c", b"d"]])
    assert plugin(accumulator, "note") == "text"


def test_tags_follow_name_scopes(tmp_path):
    with tf.summary.create_file_writer(str(tmp_path)).as_default(step=0):
        with tf.name_scope("train"):
            tf.summary.scalar("loss", 1.0)
            with tf.summary.experimental.summary_scope("block", "default") as (tag, _):
                assert tag == "train/block"
                tf.summary.scalar("inner", 1.0)
        tf.summary.scalar("", 1.0)
    assert set(accumulate(tmp_path).Tags()["tensors"]) == {"train/loss", "train/block/inner", "scalar_summary"}


def test_steps(tmp_path):
    step = tf.Variable(5, dtype=tf.int64)
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        with pytest.raises(ValueError, match="No step set"):
            tf.summary.scalar("x", 1.0)
        tf.summary.experimental.set_step(step)
        tf.summary.scalar("x", 1.0)
        step.assign_add(2)
        tf.summary.scalar("x", 2.0)  # a variable step is read at each write
        tf.summary.scalar("x", 3.0, step=[9])
    assert [s for s, _ in values(accumulate(tmp_path), "x")] == [5, 7, 9]


@pytest.mark.parametrize("step, error, message", [
    ([1, 2], ValueError, r"Argument `step` must be a scalar. Received step with shape \(2,\)"),
    (1.5, TypeError, "Cannot convert 1.5 to EagerTensor of dtype int64"),
    (tf.constant(3), ValueError, "Tensor conversion requested dtype int64 for Tensor with dtype int32"),
])
def test_bad_steps_raise_even_without_a_writer(step, error, message):
    with pytest.raises(error, match=message):
        tf.summary.scalar("x", 1.0, step=step)


def test_without_a_writer_nothing_is_written():
    assert not bool(tf.summary.scalar("x", 1.0, step=0))
    assert not bool(tf.summary.histogram("x", ["not", "numbers"]))  # the data is looked at only when recording
    assert not bool(tf.summary.image("x", np.zeros((2, 2))))
    assert not bool(tf.summary.should_record_summaries())


def test_record_if(tmp_path):
    step = tf.Variable(0, dtype=tf.int64)
    with tf.summary.create_file_writer(str(tmp_path)).as_default(step=step):
        assert bool(tf.summary.should_record_summaries())
        with tf.summary.record_if(False):
            assert not bool(tf.summary.scalar("off", 1.0))
            assert not bool(tf.summary.should_record_summaries())
        with tf.summary.record_if(tf.constant(False)):
            assert not bool(tf.summary.scalar("off", 1.0))
        with tf.summary.record_if(lambda: step % 3 == 0):
            for _ in range(7):
                tf.summary.scalar("every third", 1.0)
                step.assign_add(1)
    accumulator = accumulate(tmp_path)
    assert "off" not in accumulator.Tags()["tensors"]
    assert [s for s, _ in values(accumulator, "every third")] == [0, 3, 6]


@pytest.mark.parametrize("call, error, message", [
    (lambda: tf.summary.scalar("x", [1.0, 2.0], step=0), ValueError, r"Expected scalar shape, saw shape: \(2,\)"),
    (lambda: tf.summary.scalar("x", "a", step=0), UnimplementedError, "Cast string to float is not supported"),
    (lambda: tf.summary.text("x", 3, step=0), TypeError, "tensor must be of type tf.string; got tf.int32"),
    (lambda: tf.summary.histogram("x", ["a"], step=0), UnimplementedError, "Cast string to double"),
    (lambda: tf.summary.histogram("x", [1.0], step=0, buckets=2.5), TypeError, "must be of type tf.int32"),
    (lambda: tf.summary.image("x", np.zeros((2, 2, 3)), step=0), ValueError,
     r"Tensor  must have rank 4.  Received rank 3, shape \(2, 2, 3\)"),
    (lambda: tf.summary.image("x", np.zeros((1, 2, 2, 5)), step=0), InvalidArgumentError, "got 5"),
    (lambda: tf.summary.image("x", np.zeros((1, 2, 2, 3)), step=0, max_outputs=-1), InvalidArgumentError,
     "Condition x >= 0"),
    (lambda: tf.summary.image("x", np.ones((1, 2, 2, 1), bool), step=0), AttributeError,
     "image dtype must be either floating point or integer"),
])
def test_errors_as_tensorflow_raises_them(tmp_path, call, error, message):
    with tf.summary.create_file_writer(str(tmp_path)).as_default(), pytest.raises(error, match=message):
        call()


def test_write_and_raw_protos(tmp_path):
    from tensorboard.compat.proto import summary_pb2

    raw = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="raw", simple_value=1.5)]).SerializeToString()
    metadata = SummaryMetadata()
    metadata.plugin_data.plugin_name = "custom"
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        assert bool(tf.summary.write("custom", tf.constant([[1, 2]], tf.int64), step=1, metadata=metadata))
        assert bool(tf.summary.experimental.write_raw_pb(tf.constant([raw, raw]), step=2))
    accumulator = accumulate(tmp_path)
    assert values(accumulator, "custom")[0][1].tolist() == [[1, 2]]
    assert plugin(accumulator, "custom") == "custom"
    assert [(e.step, e.value) for e in accumulator.Scalars("raw")] == [(2, 1.5)] * 2  # both protos, one event


def test_summaries_inside_tf_function(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    step = tf.Variable(0, dtype=tf.int64)

    @tf.function
    def train_step(x):
        loss = tf.reduce_mean(x * x)
        with tf.summary.record_if(step % 2 == 0):
            tf.summary.scalar("loss", loss, step=step)
            tf.summary.histogram("x", x, step=step, buckets=3)
        step.assign_add(1)
        return loss

    with writer.as_default():
        for value in range(4):
            train_step(tf.constant([float(value), 1.0]))
    assert train_step.experimental_get_tracing_count() == 1
    accumulator = accumulate(tmp_path)
    assert [(s, float(v)) for s, v in values(accumulator, "loss")] == [(0, 0.5), (2, 2.5)]
    assert [s for s, _ in values(accumulator, "x")] == [0, 2]
    assert values(accumulator, "x")[1][1][:, 2].tolist() == [1.0, 0.0, 1.0]
