"""Datasets and image ops against real TensorFlow: the same expressions, recorded by
``tools/record_data_fixtures.py`` into ``tests/fixtures/data``, evaluated here with tensorflux."""

from __future__ import annotations

import itertools
import json
import pathlib

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.framework import errors

from .fixture_format import clean_message, decode

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "data"
LIMIT = 60


def _load(name):
    with open(FIXTURES / name) as f:
        return json.load(f)


PIPELINES = _load("pipelines.json")["cases"]
IMAGES = _load("images.json")

# Where our message is worded differently on purpose (or comes from an engine op), only the class is compared.
CLASS_ONLY = set()

# TF traces functions when a dataset is built and reports these errors then; tensorflux runs
# functions lazily and reports them when the dataset is first iterated.
RAISES_WHEN_ITERATED = {
    "tf.data.Dataset.range(5).filter(lambda x: x)",
    "tf.data.Dataset.range(3).flat_map(lambda x: x)",
}


# Where TF fails with an internal error, tensorflux raises a clear one instead: (class, message start).
CLEARER_ERRORS = {
    "tf.data.Dataset.range(3).flat_map(lambda x: x)": ("TypeError", "The `map_func` argument must return a `Dataset`"),
}


class _Namespace:
    """``tf`` with names that the package does not export yet, taken from where they live."""

    def __init__(self):
        from tensorflux.ops.image_ops import saturate_cast

        dtypes_ns = tf.dtypes if hasattr(tf.dtypes, "saturate_cast") else _Overlay(tf.dtypes, saturate_cast=saturate_cast)
        self._overrides = {"dtypes": dtypes_ns}

    def __getattr__(self, name):
        return self._overrides[name] if name in self._overrides else getattr(tf, name)


class _Overlay:
    def __init__(self, base, **extra):
        self._base, self._extra = base, extra

    def __getattr__(self, name):
        return self._extra[name] if name in self._extra else getattr(self._base, name)


def _numpy(value):
    if isinstance(value, tf.Tensor):
        return value.numpy()
    if isinstance(value, (tuple, list)):
        return type(value)(_numpy(v) for v in value)
    if isinstance(value, dict):
        return {k: _numpy(v) for k, v in value.items()}
    return value


def assert_same(ours, theirs, where=""):
    if isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs), where
        for k in theirs:
            assert_same(ours[k], theirs[k], f"{where}[{k!r}]")
        return
    if isinstance(theirs, (tuple, list)):
        assert isinstance(ours, (tuple, list)) and len(ours) == len(theirs), where
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_same(a, b, f"{where}[{i}]")
        return
    ours = np.asarray(ours)
    if theirs.dtype == object:
        ours = np.vectorize(lambda v: v if isinstance(v, bytes) else str(v).encode(), otypes=[object])(ours) \
            if ours.size else ours.astype(object)
        assert ours.shape == theirs.shape and ours.tolist() == theirs.tolist(), where
        return
    assert ours.dtype == theirs.dtype, f"{where}: dtype {ours.dtype} != {theirs.dtype}"
    assert ours.shape == theirs.shape, f"{where}: shape {ours.shape} != {theirs.shape}"
    if theirs.dtype.kind == "f":
        np.testing.assert_allclose(ours, theirs, rtol=2e-6, atol=1e-6, err_msg=where)
    else:
        np.testing.assert_array_equal(ours, theirs, err_msg=where)


def check_error(error, case):
    if case["expr"] in CLEARER_ERRORS:
        kind, start = CLEARER_ERRORS[case["expr"]]
        assert type(error).__name__ == kind and str(error).startswith(start), f"{type(error).__name__}: {error}"
        return
    assert type(error).__name__ == case["error"], f"{type(error).__name__}: {error}"
    if case["expr"] not in CLASS_ONLY:
        assert clean_message(str(error)).replace("TypeError: ", "") == case["message"].replace("TypeError: ", "")


def check_case(case, env):
    if "error" in case and case["expr"] in RAISES_WHEN_ITERATED:
        with pytest.raises((errors.OpError, ValueError, TypeError)) as info:
            dataset = eval(case["expr"], env)
            list(dataset.as_numpy_iterator())
        check_error(info.value, case)
        return
    if "error" in case:
        with pytest.raises((errors.OpError, ValueError, TypeError, AttributeError)) as info:
            eval(case["expr"], env)
        check_error(info.value, case)
        return
    value = eval(case["expr"], env)
    if "value" in case:
        assert_same(_numpy(value), decode(case["value"]))
        return
    assert repr(value.element_spec) == case["spec"]
    assert int(value.cardinality()) == case["cardinality"]
    if "elements" in case:
        ours = list(itertools.islice(value.as_numpy_iterator(), LIMIT))
        theirs = [decode(e) for e in case["elements"]]
        if ".shuffle(" in case["expr"]:  # TF's random order is not reproduced: the same elements
            ours, theirs = sorted(ours), sorted(theirs)
        assert_same(ours, theirs)
    elif "iteration_error" in case:
        with pytest.raises((errors.OpError, ValueError, TypeError)) as info:
            list(value.as_numpy_iterator())
        check_error(info.value, {"expr": case["expr"], **case["iteration_error"]})


@pytest.mark.parametrize("case", PIPELINES, ids=[c["expr"][:90] for c in PIPELINES])
def test_pipeline_matches_tf(case):
    check_case(case, {"tf": tf, "np": np})


@pytest.mark.parametrize("case", IMAGES["cases"], ids=[c["expr"] for c in IMAGES["cases"]])
def test_image_op_matches_tf(case):
    env = {"tf": _Namespace(), "np": np}
    exec(IMAGES["setup"], env)  # noqa: S102 - the fixture's own setup code
    check_case(case, env)
