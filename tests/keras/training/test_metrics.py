import re

import numpy as np
import pytest

from tensorflux import keras

from .training_fixtures import load

METRICS = load("metrics")


@pytest.mark.parametrize("case", METRICS["cases"], ids=lambda c: f"{c['class']}-{c['kwargs']}")
def test_metric_matches_keras(case):
    metric = getattr(keras.metrics, case["class"])(**case["kwargs"])
    arrays = [np.array(a, "float32") for a in case["args"]]
    sample_weight = None if case["sample_weight"] is None else np.array(case["sample_weight"], "float32")
    metric.update_state(*arrays, sample_weight=sample_weight)
    np.testing.assert_allclose(np.asarray(metric.result()), case["result"], rtol=1e-5, atol=1e-6)
    metric.update_state(*arrays)
    np.testing.assert_allclose(np.asarray(metric.result()), case["result_after_second"], rtol=1e-5, atol=1e-6)
    assert re.sub(r"_\d+$", "", metric.name) == re.sub(r"_\d+$", "", case["name"])
    metric.reset_state()
    assert all(not np.any(v.numpy()) for v in metric.variables)


def test_metric_strings():
    assert keras.metrics.get("mae") is keras.metrics.mean_absolute_error
    assert isinstance(keras.metrics.get("AUC"), keras.metrics.AUC)
    with pytest.raises(ValueError, match="Could not interpret metric identifier"):
        keras.metrics.get("accuracyy")


def test_call_updates_and_returns_result():
    m = keras.metrics.Mean()
    assert float(m([1.0, 2.0])) == 1.5
    assert float(m([6.0])) == 3.0
