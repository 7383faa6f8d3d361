"""Replays the cases recorded from real TensorFlow (``tools/record_core_fixtures.py``) on tensorflux.

Each case is a Python expression; its outcome — a tensor's dtype/shape/values, a text, a Python
value's repr, or an error's class and message — is described the same way the recorder does,
so a test compares two dictionaries.
"""

from __future__ import annotations

import json
import operator
import pathlib
import re

import numpy as np

import tensorflux as tf
from tensorflux.framework.graph import SymbolicTensor

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "core"
ENV = {"tf": tf, "np": np, "operator": operator}


def load(name: str) -> list[dict]:
    """The recorded cases of one fixture file."""
    return json.loads((FIXTURES / f"{name}.json").read_text())["cases"]


def describe(value) -> dict:
    """The outcome of a case, in the recorder's format."""
    if isinstance(value, SymbolicTensor):
        return {"type": "tensor", "dtype": value.dtype.name, "shape": value.shape.as_list(), "str": str(value)}
    if isinstance(value, (tf.Tensor, tf.Variable)):
        array = np.asarray(value.numpy())
        return {"type": "tensor", "dtype": value.dtype.name, "shape": list(array.shape),
                "value": repr(array.tolist())}
    if isinstance(value, str):
        return {"type": "str", "text": value}
    return {"type": type(value).__name__, "repr": repr(value)}


def error_message(error: BaseException) -> str:
    text = str(error)
    text = re.sub(r"^\{\{function_node [^}]*\}\} ", "", text)
    return re.sub(r" name: [^ ]*$", "", text)


def run(expr: str, env: dict | None = None) -> dict:
    """Evaluates one case with tensorflux as ``tf``."""
    try:
        out = describe(eval(expr, {**ENV, **(env or {})}))
    except Exception as e:  # the error is the outcome being compared
        out = {"error": type(e).__name__, "message": error_message(e)}
    return {"expr": expr, **out}


def without_message(case: dict) -> dict:
    """A case whose error message is not compared (only its class)."""
    return {k: v for k, v in case.items() if k != "message"}
