"""Layer configs (``serialize_keras_object``) equal real Keras', key order included, and load back."""

import json

import pytest

from tensorflux import keras

from . import keras_cases as cases
from .fixtures import load, normalized

CONFIGS = load("layer_configs.json")


def _build(name):
    keras.backend.clear_session()
    return eval(cases.CONFIG_CASES[name], {"keras": keras})


@pytest.mark.parametrize("name", sorted(cases.CONFIG_CASES))
def test_config_matches_keras(name):
    got = normalized(keras.saving.serialize_keras_object(_build(name)))
    assert got == CONFIGS[name]
    assert list(got["config"]) == list(CONFIGS[name]["config"])


@pytest.mark.parametrize("name", sorted(cases.CONFIG_CASES))
def test_keras_config_deserializes(name):
    """What real Keras wrote becomes the same layer here, whose config is Keras' again."""
    keras.backend.clear_session()
    layer = keras.saving.deserialize_keras_object(json.loads(json.dumps(CONFIGS[name])))
    assert type(layer).__name__ == name
    assert normalized(keras.saving.serialize_keras_object(layer)) == CONFIGS[name]
