"""``preprocess_input`` and ``decode_predictions`` against Keras 3.15.1."""

import hashlib
import json

import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras
from tensorflux.keras.applications import imagenet_utils

from ..utils.fake_url import serve
from .recorded import RECORDED

PREPROCESSING = RECORDED["preprocessing"]


@pytest.mark.parametrize("entry", PREPROCESSING["preprocess"], ids=lambda e: f"{e['mode']}-{e['data_format']}")
def test_preprocess_input_matches_keras(entry):
    images = np.asarray(PREPROCESSING["images"], dtype="uint8")
    ours = imagenet_utils.preprocess_input(images, data_format=entry["data_format"], mode=entry["mode"])
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, entry["numpy"], rtol=1e-6, atol=1e-5)
    tensor = imagenet_utils.preprocess_input(tf.constant(images.astype("float32")),
                                             data_format=entry["data_format"], mode=entry["mode"])
    assert isinstance(tensor, tf.Tensor)
    np.testing.assert_allclose(tensor.numpy(), entry["tensor"], rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("module", ["mobilenet", "mobilenet_v2", "inception_v3"])
def test_each_model_scales_to_minus_one_one(module):
    preprocess = getattr(keras.applications, module).preprocess_input
    np.testing.assert_array_equal(preprocess(np.array([[0, 51, 255]], dtype="uint8")),
                                  np.array([[-1.0, -0.6, 1.0]], dtype="float32"))
    floats = np.array([127.5, 255.0])
    assert preprocess(floats) is floats and floats.tolist() == [0.0, 1.0]  # Keras scales float arrays in place


def test_bad_mode_and_data_format():
    with pytest.raises(ValueError, match="Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode=x"):
        imagenet_utils.preprocess_input(np.zeros((1, 2, 2, 3)), mode="x")
    with pytest.raises(ValueError, match="Expected data_format to be one of `channels_first` or `channels_last`"):
        imagenet_utils.preprocess_input(np.zeros((1, 2, 2, 3)), data_format="nhwc")


@pytest.fixture
def cached_class_index(tmp_path, monkeypatch):
    """A made-up ImageNet class index in a temporary Keras cache (its hash made the expected one)."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX", None)
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    (tmp_path / "models").mkdir()
    path = tmp_path / "models" / "imagenet_class_index.json"
    path.write_text(json.dumps(index))
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX_HASH", hashlib.md5(path.read_bytes()).hexdigest())
    return serve(monkeypatch)  # nothing may be downloaded


def test_decode_predictions_matches_keras(cached_class_index):
    predictions = np.asarray(PREPROCESSING["predictions"], dtype="float32")
    decoded = keras.applications.mobilenet.decode_predictions(predictions, top=3)
    assert [[[a, b, float(c)] for a, b, c in row] for row in decoded] == PREPROCESSING["decoded"]
    assert keras.applications.inception_v3.decode_predictions(tf.constant(predictions), top=1)[1][0][:2] == \
        tuple(PREPROCESSING["decoded"][1][0][:2])
    assert cached_class_index == []


def test_decode_predictions_downloads_the_class_index_once(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX", None)
    payload = json.dumps({str(i): ["n0", f"c{i}"] for i in range(1000)}).encode()
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX_HASH", hashlib.md5(payload).hexdigest())
    requested = serve(monkeypatch, payload)
    preds = np.eye(1000, dtype="float32")[[7]]
    assert imagenet_utils.decode_predictions(preds, top=1) == [[("n0", "c7", np.float32(1.0))]]
    imagenet_utils.decode_predictions(preds)
    assert requested == [imagenet_utils.CLASS_INDEX_PATH]
    assert (tmp_path / "models" / "imagenet_class_index.json").read_bytes() == payload


def test_decode_predictions_needs_1000_classes():
    with pytest.raises(ValueError, match=r"Received array with shape: \(2, 10\)"):
        imagenet_utils.decode_predictions(np.zeros((2, 10)))
