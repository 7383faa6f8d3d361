import numpy as np
import pytest

import tensorflux as tf
from tensorflux import keras

from .training_fixtures import load

LOSSES = load("losses")


def _case_id(case):
    return f"{case['class']}-{case['kwargs']}-{case['reduction']}-{'w' if case['sample_weight'] else 'nw'}"


@pytest.mark.parametrize("case", LOSSES["classes"], ids=_case_id)
def test_loss_class_matches_keras(case):
    loss = getattr(keras.losses, case["class"])(reduction=case["reduction"], **case["kwargs"])
    y_true = np.array(case["y_true"], "float32") if case["class"] != "SparseCategoricalCrossentropy" \
        else np.array(case["y_true"])
    sample_weight = None if case["sample_weight"] is None else np.array(case["sample_weight"], "float32")
    value = loss(y_true, np.array(case["y_pred"], "float32"), sample_weight=sample_weight)
    assert value.dtype == tf.float32
    np.testing.assert_allclose(value.numpy(), case["result"], rtol=2e-6, atol=2e-7)


@pytest.mark.parametrize("case", LOSSES["functions"], ids=lambda c: c["function"])
def test_loss_function_matches_keras(case):
    value = getattr(keras.losses, case["function"])(np.array(case["y_true"], "float32"),
                                                    np.array(case["y_pred"], "float32"))
    np.testing.assert_allclose(value.numpy(), case["result"], rtol=2e-6, atol=2e-7)


def test_strings_resolve_to_functions():
    assert keras.losses.get("mse") is keras.losses.mean_squared_error
    assert keras.losses.get("categorical_crossentropy") is keras.losses.categorical_crossentropy
    assert isinstance(keras.losses.get("MeanSquaredError"), keras.losses.MeanSquaredError)


def test_unknown_loss_string_is_a_clear_error():
    with pytest.raises(ValueError, match="Could not interpret loss identifier: mse2"):
        keras.losses.get("mse2")


def test_sparse_label_out_of_range_names_label_and_range():
    loss = keras.losses.SparseCategoricalCrossentropy()
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"label value of 3 .*\[0, 3\)"):
        loss(np.array([0, 3]), np.full((2, 3), 1 / 3, "float32"))


def test_categorical_crossentropy_shape_mismatch_message():
    with pytest.raises(ValueError, match="must have the same shape"):
        keras.losses.categorical_crossentropy(np.zeros((2, 4), "float32"), np.full((2, 3), 1 / 3, "float32"))


def test_custom_loss_subclass_and_config_round_trip():
    loss = keras.losses.CategoricalCrossentropy(label_smoothing=0.5, reduction="sum", name="h")
    assert loss.get_config() == {"name": "h", "reduction": "sum", "from_logits": False, "label_smoothing": 0.5,
                                 "axis": -1}  # the keys Keras 3 writes (its Huber, oddly, leaves out `delta`)
    again = keras.losses.CategoricalCrossentropy.from_config(loss.get_config())
    assert (again.name, again.reduction, again._fn_kwargs["label_smoothing"]) == ("h", "sum", 0.5)
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):
        keras.losses.MeanSquaredError(reduction="avg")
