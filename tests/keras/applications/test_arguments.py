"""Bad arguments raise Keras' error classes with Keras' messages, before any download."""

import pytest

from tensorflux import keras

from ..utils.fake_url import serve
from . import application_cases as cases
from .recorded import RECORDED


@pytest.mark.parametrize("case", sorted(cases.ERROR_CASES))
def test_error_matches_keras(case, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    serve(monkeypatch)  # a download would fail the test with an AssertionError
    expected = RECORDED["errors"][case]
    application, kwargs = cases.ERROR_CASES[case]
    with pytest.raises(Exception) as raised:  # the class is compared below
        cases.build(keras, application, kwargs)
    assert type(raised.value).__name__ == expected["class"]
    assert str(raised.value) == expected["message"]


def test_pretrained_classifier_only_takes_softmax_or_logits(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    serve(monkeypatch)
    with pytest.raises(ValueError, match="Only `None` and `softmax` activations are allowed for the "
                                         "`classifier_activation` argument when using pretrained weights"):
        keras.applications.MobileNetV2(classifier_activation="relu")


def test_unusual_channel_count_warns_like_keras():
    with pytest.warns(UserWarning, match="This model usually expects 1 or 3 input channels. However, it was passed "
                                         "an input_shape with 5 input channels."):
        model = keras.applications.MobileNet(input_shape=(32, 32, 5), weights=None, include_top=False, alpha=0.25)
    assert model.input_shape == (None, 32, 32, 5)


def test_imagenet_sizes_pick_the_default_size():
    """A square ImageNet size is kept in the model's name; anything else falls back to 224."""
    model = keras.applications.MobileNetV2(input_shape=(96, 96, 3), weights=None, alpha=0.35)
    assert model.name == "mobilenetv2_0.35_96" and model.input_shape == (None, 96, 96, 3)
    model = keras.applications.MobileNet(input_shape=(100, 100, 3), include_top=False, weights=None, alpha=0.25)
    assert model.name == "mobilenet_0.25_100"
