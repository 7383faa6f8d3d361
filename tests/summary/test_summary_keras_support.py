"""The pieces of keras.callbacks.TensorBoard that live in tf.summary: the model config summary, and
weights as histograms and images with Keras 3's tags (byte equality with Keras' own records is in
test_summary_tf_fixtures.py)."""

import json

import numpy as np
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util

import tensorflux as tf
from tensorflux.summary.keras_support import keras_model_summary, log_weights, weight_as_image


class Weight:
    def __init__(self, path, value):
        self.path, self.value = path, np.asarray(value, np.float32)

    def __tf_tensor__(self, dtype=None, name=None):
        return tf.constant(self.value)


class Layer:
    def __init__(self, *weights):
        self.weights = list(weights)


class Model:
    def __init__(self, *layers):
        self.layers = list(layers)

    def to_json(self):
        return json.dumps({"class_name": "Sequential", "config": {"name": "sequential", "layers": []}})


def accumulate(logdir):
    accumulator = EventAccumulator(str(logdir), size_guidance={"tensors": 0})
    accumulator.Reload()
    return accumulator


def test_keras_model_summary(tmp_path):
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        assert bool(keras_model_summary("keras", Model(), step=0))
    accumulator = accumulate(tmp_path)
    metadata = accumulator.SummaryMetadata("keras")
    assert metadata.plugin_data.plugin_name == "graph_keras_model" and metadata.plugin_data.content == b"1"
    (event,) = accumulator.Tensors("keras")
    assert json.loads(tensor_util.make_ndarray(event.tensor_proto).item())["class_name"] == "Sequential"


def test_keras_model_summary_of_an_unserializable_model_warns(tmp_path):
    class Broken:
        def to_json(self):
            raise TypeError("lambda")

    with tf.summary.create_file_writer(str(tmp_path)).as_default(), pytest.warns(
            UserWarning, match="Model failed to serialize as JSON. Ignoring... lambda"):
        assert keras_model_summary("keras", Broken(), step=0) is False


def test_log_weights_tags_and_images(tmp_path):
    model = Model(Layer(Weight("seq/dense/kernel", np.ones((4, 3))), Weight("seq/dense/bias", np.zeros(3))),
                  Layer(Weight("seq/conv:0/kernel", np.ones((3, 3, 2, 5)))))
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        log_weights(model, step=4, write_images=True)
    tags = set(accumulate(tmp_path).Tags()["tensors"])
    assert tags == {"seq/dense/kernel/histogram", "seq/dense/kernel/image", "seq/dense/bias/histogram",
                    "seq/dense/bias/image", "seq/conv_0/kernel/histogram"}  # a 4-D kernel has no image


@pytest.mark.parametrize("shape, channels_last, expected", [
    ((5,), True, (1, 5, 1, 1)), ((4, 3), True, (1, 3, 4, 1)), ((3, 4), True, (1, 3, 4, 1)),
    ((3, 3, 8), True, (8, 3, 3, 1)), ((8, 3, 3), False, (8, 3, 3, 1)), ((1, 6, 1), True, (1, 6, 1, 1)),
    ((3, 3, 2, 5), True, None),
])
def test_weight_as_image(shape, channels_last, expected):
    pixels = weight_as_image(np.arange(np.prod(shape), dtype=np.float32).reshape(shape), channels_last)
    assert (pixels.shape if pixels is not None else None) == expected
