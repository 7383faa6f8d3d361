"""Replays the cases recorded from real TensorFlow (``tools/record_ops_fixtures.py``) on tensorflux.

Each case is a Python expression; its outcome is described the way the recorder describes TF's
(dtype, shape and values of the tensors, or the error's class and message), so a test compares two
descriptions.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

import numpy as np

import tensorflux
from tensorflux.ops import linalg

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "ops"


class Namespace:
    """A module plus names it does not export yet (reported to the lead; used only while missing)."""

    def __init__(self, module, pending: dict):
        self._module, self._pending = module, pending

    def __getattr__(self, name):
        try:
            return getattr(self._module, name)
        except AttributeError:
            if name in self._pending:
                return self._pending[name]
            raise


tf = Namespace(tensorflux, {"einsum": linalg.einsum, "tensordot": linalg.tensordot, "norm": linalg.norm})
ENV = {"tf": tf, "np": np, "sys": sys}

# How closely float values must agree with TF's, by dtype (TF's kernels round differently).
# float64 is loose because TF's own float64 erf (in gelu) is accurate to about 1e-9 only.
TOLERANCE = {"float16": 2e-3, "bfloat16": 1e-2, "float32": 2e-6, "float64": 1e-8, "complex64": 2e-6,
             "complex128": 1e-8}


def load(name: str) -> list[dict]:
    """The recorded cases of one fixture file."""
    return json.loads((FIXTURES / f"{name}.json").read_text())["cases"]


def describe(value):
    if isinstance(value, (tensorflux.Tensor, tensorflux.Variable)):
        array = np.asarray(value.numpy())
        return {"type": "tensor", "dtype": value.dtype.name, "shape": list(array.shape), "value": plain(array)}
    if isinstance(value, (list, tuple)):
        return {"type": "sequence", "items": [describe(v) for v in value]}
    if value is None:
        return {"type": "none"}
    return {"type": type(value).__name__, "repr": repr(value)}


def plain(array: np.ndarray):
    if array.dtype.kind == "c":
        return np.stack([array.real, array.imag], -1).astype(np.float64).tolist()
    if array.dtype.kind in "OSU":
        return np.vectorize(lambda v: v.decode() if isinstance(v, bytes) else str(v), otypes=[object])(array).tolist()
    if array.dtype.kind == "b":
        return array.tolist()
    return array.astype(np.float64 if array.dtype.kind == "f" or array.dtype.name == "bfloat16" else array.dtype
                        ).tolist()


def error_message(error: BaseException) -> str:
    return re.sub(r" name: [^ ]*$", "", str(error)).strip()


def outcome(expr: str) -> dict:
    try:
        out = describe(eval(expr, dict(ENV)))
    except Exception as e:  # noqa: BLE001 - the error is the outcome being compared
        out = {"error": type(e).__name__, "message": error_message(e)}
    return {"expr": expr, **out}


def assert_same_outcome(ours: dict, theirs: dict, messages: bool = False) -> None:
    """Same error class (and message when asked), or the same dtypes, shapes and (close) values."""
    if "error" in theirs:
        assert ours.get("error") == theirs["error"], f"TF raises {theirs['error']}: {theirs['message']}\nwe: {ours}"
        if messages:
            assert ours["message"] == theirs["message"]
        return
    assert "error" not in ours, f"we raise {ours['error']}: {ours['message']}\nTF gives {theirs}"
    _assert_same_value(ours, theirs)


def _assert_same_value(ours: dict, theirs: dict) -> None:
    assert ours["type"] == theirs["type"], (ours, theirs)
    if theirs["type"] == "sequence":
        assert len(ours["items"]) == len(theirs["items"])
        for a, b in zip(ours["items"], theirs["items"]):
            _assert_same_value(a, b)
    elif theirs["type"] == "tensor":
        assert (ours["dtype"], ours["shape"]) == (theirs["dtype"], theirs["shape"]), (ours, theirs)
        tol = TOLERANCE.get(theirs["dtype"])
        a, b = np.asarray(ours["value"], dtype=object), np.asarray(theirs["value"], dtype=object)
        if tol is None:
            assert ours["value"] == theirs["value"], (ours["value"], theirs["value"])
        else:
            np.testing.assert_allclose(a.astype(float), b.astype(float), rtol=tol, atol=tol, equal_nan=True)
    else:
        assert ours == theirs
