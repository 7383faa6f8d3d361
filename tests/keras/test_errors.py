"""Bad input raises the error class Keras raises, with Keras' message (plus a hint where we add one)."""

import warnings

import pytest

from tensorflux import keras

from . import keras_cases as cases
from .fixtures import load

ERRORS = load("errors.json")

# Where tensorflux says more than Keras: the message starts (or contains) Keras' text and adds a hint.
IMPROVED = {"batch_dim_in_input_shape", "reshape_size"}


def _raise(name):
    keras.backend.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            cases.ERROR_CASES[name](keras)
        except Exception as e:  # noqa: BLE001
            return e
    return None


@pytest.mark.parametrize("name", sorted(cases.ERROR_CASES))
def test_error_matches_keras(name):
    expected = ERRORS[name]
    error = _raise(name)
    assert error is not None, f"{name} raised nothing; Keras raises {expected}"
    assert type(error).__name__ == expected["class"]
    if name in IMPROVED:
        return
    assert str(error) == expected["message"]


def test_batch_dimension_in_input_shape_is_named():
    message = str(_raise("batch_dim_in_input_shape"))
    assert message.startswith(ERRORS["batch_dim_in_input_shape"]["message"])
    assert "must not include the batch size" in message and "input_shape=(28, 28, 1)" in message


def test_errors_inside_call_name_the_layer_and_arguments_without_colour_codes():
    message = str(_raise("reshape_size"))
    assert message.startswith("Exception encountered when calling Reshape.call().\n\nThe total size of the tensor "
                              "must be unchanged. Received: input_shape=(3, 5), target_shape=(4, 4)\n\n")
    assert "Arguments received by Reshape.call():\n  • inputs=<KerasTensor shape=(None, 3, 5)" in message
    assert "\x1b" not in message


def test_batch_dimension_hint_when_data_lacks_the_batch_axis():
    keras.backend.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = keras.Sequential([keras.layers.Dense(3, input_shape=(32, 4)), keras.layers.Dense(1)])
    import numpy as np

    with pytest.raises(ValueError) as info:
        model(np.ones((8, 4), "float32"))
    message = str(info.value)
    assert "expected shape=(None, 32, 4), found shape=(8, 4)" in message
    assert "includes the batch dimension (32)" in message and "input_shape=(4,)" in message


def test_conv2d_rank_3_message():
    assert "expected min_ndim=4, found ndim=3" in str(_raise("conv2d_rank_3_symbolic"))
