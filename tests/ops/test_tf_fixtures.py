"""Ops against real TensorFlow: the outcomes recorded by ``tools/record_ops_fixtures.py``.

- every op on every common dtype: accepted or refused as TF does, with TF's result dtype and values;
- peculiar results (integer division and means, range dtypes, one_hot defaults, top_k ties …);
- bad input: TF's error class, and TF's message;
- what ``tf.print`` writes.
"""

from __future__ import annotations

import re

import pytest
from tf_outcomes import ENV, assert_same_outcome, load, outcome

# Where we knowingly differ from TF, and why.
KNOWN_DIFFERENCES = {
    "tf.where(tf.cast(tf.constant([[1.5, 2.0], [0.25, 3.0]]), tf.float16))":
        "TF's CPU Where kernel refuses float16 to avoid device copies; NumPy has no such concern",
}
MESSAGE_DIFFERENCES = {
    "tf.matmul(tf.ones((2, 3)), tf.ones((3, 2), tf.float64))": "TF names its oneDNN kernel (_MklMatMul)",
}


def _cases(name):
    return [pytest.param(c, id=c["expr"], marks=_mark(c["expr"])) for c in load(name)]


def _mark(expr):
    reason = KNOWN_DIFFERENCES.get(expr)
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


@pytest.mark.parametrize("case", _cases("dtypes"))
def test_dtype_rules_follow_tf(case):
    theirs = dict(case)
    if theirs.get("error") == "NotFoundError":
        # TF declares the dtype but has no CPU kernel for it; to a user both mean "refused"
        theirs["error"] = "InvalidArgumentError"
    assert_same_outcome(outcome(case["expr"]), theirs)


@pytest.mark.parametrize("case", _cases("behaviour"))
def test_results_match_tf(case):
    assert_same_outcome(outcome(case["expr"]), case)


def _canonical(message: str) -> str:
    """TF's "not in the list of allowed values" messages, without the NodeDef dump and in a stable order.

    TF lists the allowed dtypes in registration order and includes quantized types tensorflux has not.
    """
    message = re.sub(r"\s*; NodeDef: .*?(?= \[Op:|$)", "", message, flags=re.DOTALL)
    match = re.match(r"(Value for attr '\w+' of \w+ is not in the list of allowed values: )([\w, ]+)(.*)", message)
    if match:
        names = sorted(n.strip() for n in match.group(2).split(",") if not n.strip().startswith(("qint", "quint")))
        message = f"{match.group(1)}{', '.join(names)} {match.group(3).strip()}"
    return message


@pytest.mark.parametrize("case", _cases("errors"))
def test_errors_match_tf(case):
    ours = outcome(case["expr"])
    assert_same_outcome(ours, case)
    if "error" in case and case["expr"] not in MESSAGE_DIFFERENCES:
        assert _canonical(ours["message"]) == _canonical(case["message"])


@pytest.mark.parametrize("case", _cases("print"))
def test_print_matches_tf(case, capsys):
    eval(case["expr"], dict(ENV))
    assert capsys.readouterr().out == case["printed"]
