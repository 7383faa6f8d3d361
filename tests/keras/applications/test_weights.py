"""Outputs against real Keras, and the ImageNet weights path: Keras' cache, download, errors."""

import os
import shutil

import numpy as np
import pytest

from tensorflux import keras

from ..utils.fake_url import offline, serve
from . import application_cases as cases
from .recorded import FIXTURES, arrays

WEIGHTS_FILE = FIXTURES / cases.IMAGENET_FILE_NAME


def assert_close(ours, keras_output):
    """float32 agreement, relative to the output's scale."""
    scale = float(np.abs(keras_output).max())
    np.testing.assert_allclose(np.asarray(ours), keras_output, rtol=1e-4, atol=1e-4 * scale)


@pytest.mark.parametrize("case", sorted(cases.NUMERIC_CASES))
def test_outputs_match_keras_on_seeded_weights(case):
    application, kwargs, weight_seed, shape, input_seed = cases.NUMERIC_CASES[case]
    recorded = arrays("numeric.npz")
    model = cases.build(keras, application, {**kwargs, "weights": None})
    cases.set_seeded_weights(model, weight_seed)
    x = cases.images(shape, input_seed)
    np.testing.assert_array_equal(x, recorded[f"{case}_x"])
    assert_close(model(x, training=False), recorded[f"{case}_y"])


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    return tmp_path


def _imagenet_mobilenet():
    """The no-top MobileNet(alpha=0.25) at 32x32: Keras loads its 224 weights, with a warning."""
    with pytest.warns(UserWarning, match=r"Weights for input shape \(224, 224\) will be loaded as the default"):
        return cases.build(keras, "MobileNet", {**cases.IMAGENET_FILE_CASE, "weights": "imagenet"})


def test_imagenet_weights_are_read_from_the_keras_cache(keras_home, monkeypatch):
    requested = serve(monkeypatch)  # any download fails the test
    (keras_home / "models").mkdir()
    shutil.copy(WEIGHTS_FILE, keras_home / "models" / cases.IMAGENET_FILE_NAME)
    model = _imagenet_mobilenet()
    recorded = arrays("imagenet_file.npz")
    assert_close(model(recorded["x"], training=False), recorded["y"])
    assert requested == []


def test_imagenet_weights_are_downloaded_once_into_the_cache(keras_home, monkeypatch):
    requested = serve(monkeypatch, WEIGHTS_FILE.read_bytes())
    _imagenet_mobilenet()
    url = f"https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/{cases.IMAGENET_FILE_NAME}"
    assert requested == [url]
    assert os.listdir(keras_home / "models") == [cases.IMAGENET_FILE_NAME]
    serve(monkeypatch)
    model = _imagenet_mobilenet()  # now from the cache
    recorded = arrays("imagenet_file.npz")
    assert_close(model(recorded["x"], training=False), recorded["y"])


def test_weights_file_path_loads_like_keras():
    recorded = arrays("imagenet_file.npz")
    model = cases.build(keras, "MobileNet", {**cases.IMAGENET_FILE_CASE, "weights": str(WEIGHTS_FILE)})
    assert_close(model(recorded["x"], training=False), recorded["y"])


def test_unreachable_download_names_the_url_and_leaves_no_file(keras_home, monkeypatch):
    offline(monkeypatch)
    url = ("https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"
           "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5")
    with pytest.raises(Exception, match=f"URL fetch failure on {url}: "):
        keras.applications.InceptionV3(weights="imagenet", include_top=False)
    assert os.listdir(keras_home / "models") == []


def test_corrupted_download_fails_the_hash_check(keras_home, monkeypatch):
    serve(monkeypatch, b"<html>not an HDF5 file</html>")
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected. The auto file hash does not "
                                         "match the provided value of bcbd6486424b2319ff4ef7d526e38f63."):
        keras.applications.InceptionV3(weights="imagenet", include_top=False)
    assert os.listdir(keras_home / "models") == []
