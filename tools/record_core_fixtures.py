"""Records real TensorFlow's core behaviours into ``tests/fixtures/core/*.json``.

Run it with the reference environment (it needs TensorFlow; the tests never do)::

    TF_CPP_MIN_LOG_LEVEL=3 ~/.tfref/bin/python tools/record_core_fixtures.py

Every case is one Python expression evaluated with ``tf``, ``np``, ``operator`` and ``collections``
in scope, or (tape, variable, module) a few statements that leave ``result``. The fixture stores
the case and its outcome — the resulting dtype, shape and values, a text, a Python value's repr, a
list of outcomes, or the error's class and message — and ``tests/framework`` evaluates the same
case with tensorflux and compares. Graph cases are evaluated, in order, inside one ``tf.function``
whose input ``x`` is a float32 placeholder of shape ``(None, 3)``.
"""

from __future__ import annotations

import collections
import itertools
import json
import operator
import os
import pathlib
import re
import textwrap

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "core"
ENV = {"tf": tf, "np": np, "operator": operator, "collections": collections}

# ---------------------------------------------------------------------------------------------
# (a) Conversion rules: which dtype a value becomes, alone and next to a tensor.

PY_VALUES = [
    "1", "1.0", "True", "0", "-1", "2**31 - 1", "2**31", "-2**31", "-2**31 - 1", "2**40", "2**63 - 1", "2**63",
    "-2**63", "2**64", "1.5", "1e40", "float('nan')", "float('inf')", "1+2j", "2j", "'a'", "b'a'", "''", "None",
    "[1, 2]", "(1, 2)", "[1, 2.0]", "[1.0, 2]", "[True, False]", "[True, 1]", "[1, True]", "[1.5, True]",
    "[1, 'a']", "['a', 'bc']", "[b'a', 'b']", "[[1, 2], [3, 4]]", "[[1, 2], [3]]", "[[1.0], [2]]", "[]", "[[]]",
    "[[], []]", "[1, 2**40]", "[2**40, 1.5]", "[1, 2**64]", "[1, 2j]", "[1.5, 2j]", "[1, None]", "[[1, 2], 3]",
    "np.float16(1)", "np.float32(1)", "np.float64(1)", "np.int8(1)", "np.int16(1)", "np.int32(1)", "np.int64(1)",
    "np.uint8(1)", "np.uint64(1)", "np.bool_(True)", "np.complex64(1)", "[np.float64(1), 2]",
    "[np.float32(1), np.float64(2)]", "[np.float32(1), 2.5]", "[np.int64(1), 2]", "[np.int8(1), 2]",
    "[1.5, np.int64(2)]", "[np.int64(1), np.int32(2)]", "[np.float32(1), np.int64(2)]", "[np.bool_(True), True]",
    "[tf.constant(1.0), 2.0]", "[tf.constant(1), 2]", "[tf.constant(1.0), tf.constant(2.0)]",
    "[tf.constant(1.0), 2]", "[tf.constant(1, tf.int64), 2]", "[[tf.constant(1.0)], [tf.constant(2.0)]]",
]
DTYPES = ["float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint32",
          "bool", "complex64", "complex128", "string"]
VALUES_WITH_DTYPE = ["1", "1.0", "1.5", "-1", "0", "True", "300", "2**31", "2**40", "1e40", "float('nan')", "1+2j",
                     "'a'", "[1, 2]", "[1.5, 2]", "[True, False]", "[]", "np.float64(1.5)", "np.int64(7)",
                     "np.bool_(True)"]
NP_DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
             "uint64", "bool", "complex64", "complex128"]
NP_TARGETS = ["float16", "bfloat16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool", "complex64",
              "string"]


def numpy_array(np_dtype: str) -> str:
    return f"np.array([1, 0], np.{np_dtype})" if np_dtype != "bool" else "np.array([True, False])"


NP_ARRAYS = [numpy_array(d) for d in NP_DTYPES] + [
    "np.array([1.5, -1.5])", "np.array([300, -1])", "np.array(['a', 'bc'])", "np.array([b'a'])",
    "np.array([1.5, 'a'], dtype=object)", "np.array(['a'], dtype=object)", "np.array([1, 2], dtype=object)",
    "np.array(2.5)", "np.array(3)", "np.zeros((2, 0))", "np.arange(6).reshape(2, 3)",
    "np.arange(6).reshape(2, 3)[:, ::2]", "np.arange(4.0).reshape(2, 2).T",
]

TENSORS = ["tf.constant(1.0)", "tf.constant(1.0, tf.float64)", "tf.constant(1.0, tf.float16)",
           "tf.constant(1.0, tf.bfloat16)", "tf.constant(1)", "tf.constant(1, tf.int64)", "tf.constant(1, tf.int8)",
           "tf.constant(1, tf.uint8)", "tf.constant(True)", "tf.constant(1+1j)", "tf.constant([1.0, 2.0])"]
OPERANDS = ["1", "1.5", "True", "-1", "300", "2**31", "2**40", "1+1j", "'a'", "None", "[1, 2]", "[1.5, 2]",
            "np.float32(1)", "np.float64(1.5)", "np.float16(1)", "np.int64(1)", "np.int32(1)", "np.int8(1)",
            "np.uint8(1)", "np.bool_(True)", "np.array([1.5])", "np.array([1])", "np.array([1.0], np.float32)",
            "np.array([1], np.int32)", "np.array([True])", "np.array(1.5)", "np.array([2j])"]
DIVISION_TYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32",
                  "float64"]


def conversion_cases() -> list[str]:
    # (tf.convert_to_tensor with a dtype behaves as tf.constant with one, except for tensors: not repeated.)
    cases = [f"tf.constant({v})" for v in PY_VALUES]
    cases += [f"tf.convert_to_tensor({v})" for v in PY_VALUES]
    cases += [f"tf.constant({v}, dtype=tf.{d})" for v, d in itertools.product(VALUES_WITH_DTYPE, DTYPES)]
    cases += [f"tf.convert_to_tensor({v}, dtype_hint=tf.{d})" for v, d in itertools.product(VALUES_WITH_DTYPE, DTYPES)]
    cases += [f"tf.constant({a})" for a in NP_ARRAYS]
    cases += [f"tf.constant({a}, dtype=tf.{d})" for a, d in itertools.product(NP_ARRAYS, NP_TARGETS)]
    cases += [f"tf.convert_to_tensor({a}, dtype_hint=tf.{d})" for a, d in itertools.product(NP_ARRAYS[:14], NP_TARGETS)]
    cases += ["tf.constant(tf.constant(1.0), dtype=tf.float64)", "tf.constant(tf.constant(1.0), dtype=tf.float32)",
              "tf.constant(tf.constant(1), dtype=tf.float32)", "tf.convert_to_tensor(tf.constant(1), dtype=tf.float32)",
              "tf.convert_to_tensor(tf.Variable(1.0))", "tf.convert_to_tensor(tf.Variable(1.0), dtype=tf.float64)",
              "tf.constant(tf.Variable([1, 2]))", "tf.constant(1.0, shape=(2, 3))", "tf.constant([1, 2], shape=(2, 1))",
              "tf.constant([1, 2, 3], shape=(2,))", "tf.constant([1, 2], shape=(4,))"]
    for t, o in itertools.product(TENSORS, TENSORS[:6] + OPERANDS):
        cases += [f"tf.add({t}, {o})", f"{t} + ({o})", f"({o}) + {t}", f"tf.add({o}, {t})"]
    for t, o in itertools.product(TENSORS[:6], ["2", "2.5", "np.float64(2.5)", "np.array([2.5])"]):
        cases += [f"{t} {op} ({o})" for op in ("-", "*", "/", "//", "%", "**", "<", "==", "!=")]
        cases += [f"({o}) {op} {t}" for op in ("-", "*", "/", "//", "%", "**", ">=")]
        cases += [f"tf.multiply({t}, {o})", f"tf.multiply({o}, {t})", f"tf.subtract({o}, {t})",
                  f"tf.maximum({t}, {o})", f"tf.equal({t}, {o})"]
    for d in DIVISION_TYPES:
        x, y = f"tf.constant([7, -7], tf.{d})" if not d.startswith("u") else f"tf.constant([7, 5], tf.{d})", \
            f"tf.constant([2, 2], tf.{d})"
        cases += [f"{x} / {y}", f"{x} // {y}", f"{x} % {y}", f"tf.divide({x}, {y})", f"tf.truediv({x}, {y})",
                  f"tf.math.floordiv({x}, {y})", f"tf.math.floormod({x}, {y})", f"{x} / 2", f"{x} / 2.5",
                  f"2 / {y}", f"{x} // 2", f"{x} % 2"]
    cases += ["tf.divide(3, 2)", "tf.divide(3.0, 2)", "tf.truediv(3, 2)", "tf.multiply(np.ones([3, 3]), 42)",
              "tf.add(1, 2)", "tf.add(1, 2.5)", "tf.add(2.5, 1)", "tf.add([1, 2], [3, 4])", "tf.add(1.5, 2.5)",
              "tf.add(np.float64(1), 2)", "tf.add(2, np.float64(1))", "tf.add(np.array([1.]), 2)",
              "tf.constant(1) == 'a'", "tf.constant(1) != 'a'", "tf.constant(1) == None", "tf.constant(1) != None",
              "tf.constant([1, 2]) == [1, 3]", "tf.constant(1.0) == 1", "tf.constant(1) == 1.5",
              "-tf.constant(1, tf.uint8)", "-tf.constant(True)", "~tf.constant(5)", "~tf.constant(True)",
              "~tf.constant(1.0)", "abs(tf.constant(-1, tf.int8))", "abs(tf.constant(-1.5))",
              "tf.constant(True) & False", "tf.constant(True) | tf.constant(False)", "tf.constant(True) ^ True",
              "tf.constant(6) & 3", "tf.constant(6) | 3", "tf.constant(6) ^ 3", "tf.constant(1.0) & True",
              "tf.constant([[1.0, 2.0]]) @ tf.constant([[3.0], [4.0]])", "tf.constant([[1, 2]]) @ [[3], [4]]",
              "[[1.0, 2.0]] @ tf.constant([[3.0], [4.0]])", "np.array([[1.0, 2.0]]) @ tf.constant([[3.0], [4.0]])",
              "tf.constant(2) ** -1", "tf.constant(2.0) ** -1", "tf.constant(2) ** 0.5", "2 ** tf.constant(3)",
              "tf.constant(5) % -3", "tf.constant(-5) // 3", "tf.constant(-5.5) % 2", "tf.constant(5.0) // 0",
              "tf.constant(5) // 0", "tf.constant(5) % 0", "tf.constant(5.0) / 0", "tf.constant(0.0) / 0",
              "tf.constant(5) / 0", "tf.constant(-5) / 0"]
    return cases


# ---------------------------------------------------------------------------------------------
# (b) Printing: str() and repr() of tensors and variables.

PRINTED = [
    "tf.constant(1.5)", "tf.constant(1.0)", "tf.constant(-1.5)", "tf.constant(1.5, tf.float64)",
    "tf.constant(0.1)", "tf.constant(0.1, tf.float64)", "tf.constant(1/3)", "tf.constant(1e10)", "tf.constant(1e-8)",
    "tf.constant(123456789.0)", "tf.constant(float('nan'))", "tf.constant(float('-inf'))",
    "tf.constant(1.5, tf.float16)", "tf.constant(0.1, tf.float16)", "tf.constant(1.5, tf.bfloat16)",
    "tf.constant(0.1, tf.bfloat16)", "tf.constant(3)", "tf.constant(-3, tf.int64)", "tf.constant(200, tf.uint8)",
    "tf.constant(2**40)", "tf.constant(True)", "tf.constant(False)", "tf.constant('hi')", "tf.constant(b'\\x00\\xff')",
    "tf.constant('')", "tf.constant('caf\\u00e9')", "tf.constant(1+2j)", "tf.constant(1.5-2j, tf.complex64)",
    "tf.constant([1.0, 2.0, 3.0])", "tf.constant([1.5, 2.25])", "tf.constant([0.1, 0.2], tf.float64)",
    "tf.constant([1.123456789, 1e-5])", "tf.constant([1e8, 1.0])", "tf.constant([1e-5, 1.0])",
    "tf.constant([1.0, float('nan'), float('inf')])", "tf.range(5)", "tf.constant([1, -2], tf.int64)",
    "tf.constant([True, False])", "tf.constant(['a', 'bc'])", "tf.constant([1.5, 2.0], tf.float16)",
    "tf.constant([1.5, 2.0], tf.bfloat16)", "tf.constant([0.1, 100.0], tf.bfloat16)", "tf.constant([1+2j, 3j])",
    "tf.constant([1, 2], tf.uint8)", "tf.ones((2, 3))", "tf.reshape(tf.range(6), (2, 3))",
    "tf.eye(3, dtype=tf.float64)", "tf.constant([[True], [False]])", "tf.constant([['a', 'b'], ['c', 'd']])",
    "tf.constant([[1.5, 2.0]], tf.bfloat16)", "tf.zeros((2, 2, 2))", "tf.zeros((1, 1, 1, 1))",
    "tf.reshape(tf.range(24.0), (2, 3, 4))", "tf.range(999)", "tf.range(1000)", "tf.range(1001)", "tf.range(2000)",
    "tf.range(2000.0)", "tf.reshape(tf.range(10000.0), (100, 100))", "tf.reshape(tf.range(10000), (100, 100))",
    "tf.ones((1001,), tf.bool)", "tf.zeros((0,))", "tf.zeros((2, 0))", "tf.zeros((0, 3), tf.int64)",
    "tf.constant([], tf.int32)", "tf.constant([[]])", "tf.constant([], tf.string)", "tf.zeros((0,), tf.bool)",
    "tf.zeros((3, 0, 2))", "tf.Variable(1.0)", "tf.Variable(1.5, tf.float64)", "tf.Variable([1.0, 2.0])",
    "tf.Variable([[1, 2], [3, 4]])", "tf.Variable(1.0, name='w')", "tf.Variable(1.0, name='w:0')",
    "tf.Variable(True)", "tf.Variable('s')", "tf.Variable(tf.zeros((0, 2)))", "tf.Variable(tf.range(2000))",
    "tf.Variable(1.0, trainable=False)", "tf.Variable(1.0).assign(2.0)",
    "tf.Variable([1.0, 2.0]).assign_add([1.0, 1.0])",
    "tf.Variable(3).assign_sub(1)", "tf.Variable(1.0, name='w').assign(5.0)", "tf.Variable([[1, 2], [3, 4]])[0]",
    "tf.Variable([1.0, 2.0]) + 1", "tf.Variable(1.0).read_value()", "tf.Variable(1.0).value()",
]


# ---------------------------------------------------------------------------------------------
# (c) Errors: their class and message.

ERRORS = [
    "tf.constant(1.0) + tf.constant(1.0, tf.float64)", "tf.add(tf.constant(1.0), tf.constant(1, tf.int32))",
    "tf.constant([[1, 2]]) + tf.constant([1, 2, 3])", "tf.ones((2, 3)) * tf.ones((3, 2))",
    "tf.reshape(tf.range(6), [4, 2])", "tf.reshape(tf.range(6), [4, -1])", "tf.reshape(tf.range(6), [-1, -1])",
    "tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))", "tf.ones([2, 3]) @ tf.ones([2, 3])",
    "tf.matmul(tf.ones([2, 3]), tf.ones([3, 2], tf.float64))", "tf.matmul(tf.ones([3]), tf.ones([3]))",
    "bool(tf.constant([1, 2]))", "bool(tf.constant([]))", "bool(tf.constant([3]))", "bool(tf.constant(0.0))",
    "bool(tf.constant('a'))", "operator.setitem(tf.constant([1, 2]), 0, 1)", "operator.delitem(tf.constant([1, 2]), 0)",
    "hash(tf.constant(1))", "hash(tf.Variable(1.0))", "{tf.constant(1): 1}", "hash(tf.constant(1).ref()) == 0",
    "tf.Variable([1.0, 2.0]).assign([1.0, 2.0, 3.0])", "tf.Variable([1.0, 2.0]).assign(1.0)",
    "tf.Variable([1.0, 2.0]).assign_add([1.0, 2.0, 3.0])", "tf.Variable([1.0, 2.0]).assign_add(1.0)",
    "tf.Variable([1.0, 2.0]).assign_sub([[1.0, 2.0]])", "tf.Variable([1.0, 2.0]).assign(tf.constant([1, 2]))",
    "tf.Variable([1.0, 2.0]).assign(tf.constant([1.0, 2.0], tf.float64))", "tf.Variable([1.0, 2.0]).assign([1, 2])",
    "tf.Variable([1.0, 2.0]).assign(np.array([1.5, 2.5]))", "tf.Variable(1).assign(1.5)",
    "tf.Variable(1).assign_add(tf.constant(1.0))", "tf.Variable(1.0).assign('a')", "tf.Variable(None)",
    "tf.Variable(1.0, dtype=tf.int32)", "tf.Variable(1.5, dtype=tf.int32)", "tf.Variable([1.0, 2.0], shape=(3,))",
    "tf.Variable([1.0, 2.0], shape=(None,))", "tf.Variable(1.0, name='a b')", "tf.Variable(1.0).name",
    "tf.Variable(1.0, name='w').name", "tf.Variable(1.0, name='w:0').name", "tf.constant(1.5, tf.int32)",
    "tf.constant(None)", "tf.constant([1, None])", "tf.constant([[1, 2], [3]])", "tf.constant([True, 1])",
    "tf.constant({1: 2})", "tf.constant(2**64)", "tf.constant(-1, tf.uint8)", "tf.constant(300, tf.uint8)",
    "tf.constant(1e40, tf.float32)", "int(tf.constant([1, 2]))", "float(tf.constant([1.0, 2.0]))",
    "int(tf.constant(2.7))", "int(tf.constant(-2.7))", "float(tf.constant(2))", "float(tf.constant(True))",
    "int(tf.constant('3'))", "complex(tf.constant(1.0))", "operator.index(tf.constant(2))",
    "operator.index(tf.constant(2.0))", "operator.index(tf.constant([2]))", "operator.index(tf.constant(True))",
    "[0, 1, 2, 3][tf.constant(1)]", "[0, 1, 2, 3][tf.constant(1, tf.int64)]", "range(tf.constant(3))",
    "len(tf.constant(1))", "len(tf.constant([[1, 2, 3]]))", "len(tf.zeros((0, 3)))", "list(tf.constant(1))",
    "list(tf.constant([1, 2]))", "list(tf.zeros((0,)))", "[list(r.shape) for r in tf.zeros((2, 3))]",
    "tf.constant(1).numpy()", "tf.constant([1, 2]).numpy()", "tf.constant(1).name", "tf.constant(1).ndim",
    "tf.constant(1).device", "tf.constant([[1]]).shape", "tf.constant(1).shape", "tf.constant(1).get_shape()",
    "tf.Variable(1.0).trainable", "tf.Variable(1.0, trainable=False).trainable", "tf.Variable(1.0).shape",
    "tf.Variable(1.0).dtype", "tf.constant(1.0).dtype", "str(tf.constant(1.0).shape)", "repr(tf.constant(1).shape)",
    "tf.constant(1.0).set_shape((2,))", "tf.constant([1.0]).set_shape((None,))", "tf.constant(1.0).experimental_ref()",
    "tf.constant(1.0) in [tf.constant(1.0)]", "tf.constant(1.0) is tf.constant(1.0)", "1.0 in tf.constant([1.0, 2.0])",
    "format(tf.constant(1.5), '.3f')", "format(tf.constant(2), '04d')", "format(tf.constant(True))",
    "format(tf.constant([1.5, 2.0]))", "format(tf.constant([1.5, 2.0]), '.2f')", "format(tf.constant('ab'))",
    "format(tf.constant(1.5, tf.bfloat16), '.2f')", "f'{tf.constant(1.5)}'", "format(tf.Variable(1.5), '.1f')",
    "np.add(tf.constant([1.0]), 1)", "np.asarray(tf.constant([1, 2]))", "np.array(tf.Variable([1.0]))",
    "np.float32(2) * tf.constant(3.0)", "np.sum(tf.constant([1.0, 2.0]))", "tf.constant([1.0, 2.0]).numpy().dtype",
    "np.array([1.0, 2.0]) + tf.constant([1.0, 2.0])", "np.array([1, 2]) * tf.constant([1.0, 2.0])",
    "tf.constant(1.0).__array_priority__", "tf.constant([1.0, 2.0])[tf.constant(0.0)]",
    "tf.Variable(1.0).assign(2.0).numpy()", "tf.Variable(1.0).assign(2.0, read_value=False)",
    "tf.Variable([1.0, 2.0])[0].assign(5.0)", "tf.Variable([[1, 2], [3, 4]])[:, 0].assign([7, 8])",
    "tf.Variable([[1, 2], [3, 4]])[0].assign([7, 8, 9])", "tf.Variable([1.0, 2.0])[0].assign('a')",
    "tf.constant([1.0])[0].assign(2.0)", "tf.constant(1.0).assign(2.0)",
]


# ---------------------------------------------------------------------------------------------
# Indexing: ``tensor[key]`` on a 3x4x5 tensor and a few others.

T = "tf.reshape(tf.range(60), (3, 4, 5))"
KEYS = [
    "0", "-1", "2", "3", "-4", "1, 2", "1, 2, 3", "-1, -1, -1", "1, 2, 3, 0", "1:", ":-1", "::2", "::-1", "1::-2",
    "-2:", "5:", "-10:", "10:20", "2:1", "1:3, ::2", ":, 1", ":, :, 4", ":, :, 5", ":, -5", "...", "..., 0",
    "..., 1:3", "0, ...", "0, ..., 1", "..., ...", "None", "None, 0", "0, None", ":, None, 1", "..., None",
    "None, ..., None", "tf.newaxis, 0", "tf.constant(1)", "tf.constant(1, tf.int64)", "tf.constant(1), ::2",
    "tf.constant(-1)", "np.int64(1)", "np.int32(2)", "tf.constant(1):", "tf.constant(1):tf.constant(3)",
    "::tf.constant(2)", "1.5", "'a'", "[0, 1]", "tf.constant([0, 1])", "True", "tf.constant(True)",
    "tf.constant(1.0)", "tf.constant([[1]])", "::0", "np.array(1)", "np.array([0, 1])", "slice(None, None, -1), 0",
    "1, ..., None, 2",
]
INDEXED = [f"{T}[{k}]" for k in KEYS] + [
    "tf.constant(5)[0]", "tf.constant(5)[...]", "tf.constant(5)[None]", "tf.constant(5)[:]",
    "tf.constant([1, 2, 3])[3]", "tf.constant([1, 2, 3])[-4]", "tf.constant([1.0, 2.0])[1:]",
    "tf.constant(['a', 'b'])[1]", "tf.constant([[True, False]])[0, 1]", "tf.zeros((0, 3))[0]",
    "tf.zeros((0, 3))[:, 1]", "tf.Variable([[1, 2], [3, 4]])[1, ::-1]", "tf.Variable([1.0, 2.0])[5]",
]


# ---------------------------------------------------------------------------------------------
# Graph: symbolic tensors inside ``tf.function`` (x is float32 of shape (None, 3)).

GRAPH_SEQUENCE = [
    "x + 1", "tf.add(x, 1.0)", "x + 2", "x * 2", "x - 1", "x / 2", "-x", "x ** 2", "x @ tf.ones((3, 2))",
    "tf.matmul(x, tf.ones((3, 4)))", "tf.nn.relu(x)", "tf.reduce_sum(x)", "tf.reduce_sum(x, axis=1)",
    "tf.reduce_mean(x, axis=0, keepdims=True)", "tf.reduce_max(x, axis=-1)", "x[0]", "x[:, 1]", "x[..., None]",
    "x[:, ::2]", "tf.reshape(x, (-1,))", "tf.reshape(x, (-1, 1, 3))", "tf.transpose(x)", "tf.concat([x, x], 0)",
    "tf.concat([x, x], 1)", "tf.stack([x, x])", "tf.expand_dims(x, 1)", "tf.squeeze(tf.expand_dims(x, 1), 1)",
    "tf.exp(x)", "tf.sigmoid(x)", "tf.tanh(x)", "tf.nn.softmax(x)", "tf.square(x)", "tf.sqrt(x)", "tf.abs(x)",
    "tf.cast(x, tf.int32)", "x > 0", "tf.equal(x, x)", "tf.where(x > 0, x, 0.0)", "tf.maximum(x, 0.0)",
    "tf.argmax(x, axis=1)", "tf.shape(x)", "tf.zeros_like(x)", "tf.ones_like(x)", "tf.identity(x)",
    "tf.tile(x, (2, 1))", "tf.gather(x, [0, 2], axis=1)", "tf.one_hot(tf.cast(x[:, 0], tf.int32), 4)",
    "tf.clip_by_value(x, 0.0, 1.0)", "tf.broadcast_to(x[:1], (5, 3))", "tf.pad(x, [[1, 1], [0, 0]])",
    "tf.split(x, 3, axis=1)[0]", "tf.unstack(tf.ones((2, 3)))[1]", "tf.add(x, x)", "tf.add(x, x, name='Add')",
    "tf.add(x, x, name='add')", "tf.add_n([x, x, x])", "tf.nn.sigmoid(x)", "tf.math.log(x)",
    "tf.range(3)", "tf.constant(1.0)", "tf.ones((2, 2))", "tf.linalg.matmul(x, x, transpose_b=True)",
    "tf.stop_gradient(x)",
]
GRAPH_ERRORS = [
    "x + tf.ones((4,))", "tf.matmul(x, tf.ones((4, 2)))", "x @ tf.ones((2, 3))", "tf.reshape(x, (2, 2))",
    "tf.concat([x, tf.ones((2, 4))], 0)", "x + tf.ones((3,), tf.float64)", "x + 1.5j", "bool(x)",
    "bool(x > 0)", "list(x)", "len(x)", "float(x)", "int(x)", "x.numpy()", "np.asarray(x)",
    "x[0, 0, 0]", "x[:, 3]", "[x][x[0, 0]]", "hash(x)", "x.shape", "x.name", "x.dtype", "x.ndim", "str(x.shape)",
    "repr(x)", "str(x + 1)", "x.op.type", "(x + 1).op.type", "(x * 2).op.type",
    "tf.matmul(x, x, transpose_b=True).op.type",
    "x.get_shape()", "format(x)", "tf.constant(1.0) + x",
]


# ---------------------------------------------------------------------------------------------
# DTypes and TensorShape.

TYPES = [
    "tf.float32", "str(tf.float32)", "repr(tf.float64)", "tf.float32.name", "tf.float16.size", "tf.bool.size",
    "tf.complex128.size", "tf.bfloat16.size", "tf.float32.is_floating", "tf.bfloat16.is_floating",
    "tf.int32.is_integer", "tf.bool.is_integer", "tf.uint8.is_unsigned", "tf.int8.is_unsigned",
    "tf.float32.is_unsigned", "tf.complex64.is_complex", "tf.bool.is_bool", "tf.string.is_numeric",
    "tf.bool.is_numeric", "tf.int8.is_numeric", "tf.float32.is_numpy_compatible", "tf.string.is_numpy_compatible",
    "tf.float32.is_quantized", "tf.complex64.real_dtype", "tf.float32.real_dtype", "tf.complex128.real_dtype",
    "tf.float32.base_dtype", "tf.float32.as_numpy_dtype", "tf.bool.as_numpy_dtype", "tf.int8.min", "tf.int8.max",
    "tf.uint8.min", "tf.uint8.max", "tf.float16.max", "tf.float32.min", "tf.float64.max", "tf.bool.min",
    "tf.bool.max", "tf.bfloat16.max", "tf.string.min", "tf.float32.limits", "tf.int32.limits",
    "tf.as_dtype('float32')", "tf.as_dtype('float')", "tf.as_dtype('half')", "tf.as_dtype('double')",
    "tf.as_dtype('int')", "tf.as_dtype('string')", "tf.as_dtype('bool')", "tf.as_dtype(float)", "tf.as_dtype(int)",
    "tf.as_dtype(bool)", "tf.as_dtype(str)", "tf.as_dtype(bytes)", "tf.as_dtype(complex)", "tf.as_dtype(np.float32)",
    "tf.as_dtype(np.dtype('int16'))", "tf.as_dtype(np.bool_)", "tf.as_dtype(np.str_)", "tf.as_dtype(object)",
    "tf.as_dtype(tf.float32)", "tf.as_dtype('floaty')", "tf.as_dtype(None)", "tf.as_dtype(3)",
    "tf.as_dtype(np.dtype('datetime64'))", "tf.float32 == 'float32'", "tf.float32 == np.float32",
    "tf.float32 == np.dtype('float32')", "tf.float32 == tf.float64", "tf.float32 == None", "tf.float32 != 'float64'",
    "tf.float32 == 'floaty'", "tf.float32 == 3", "tf.float32.is_compatible_with(tf.float32)",
    "tf.float32.is_compatible_with(tf.float64)", "tf.float32.is_compatible_with('float32')",
    "hash(tf.float32) == hash(tf.as_dtype('float32'))", "tf.dtypes.as_dtype('int64')", "tf.half is tf.float16",
    "tf.double is tf.float64", "tf.dtypes.float32 is tf.float32", "sorted([tf.int8.name, tf.uint8.name])",
    "tf.TensorShape([None, 3])", "tf.TensorShape([])", "tf.TensorShape(None)", "tf.TensorShape((2, 3))",
    "str(tf.TensorShape([None, 3]))", "str(tf.TensorShape([5]))", "str(tf.TensorShape([]))",
    "str(tf.TensorShape(None))", "repr(tf.TensorShape([5]))", "tf.TensorShape([2, 3]).rank",
    "tf.TensorShape(None).rank", "tf.TensorShape([]).rank", "tf.TensorShape([2, 3]).ndims",
    "tf.TensorShape([None, 3]).dims", "tf.TensorShape(None).dims", "tf.TensorShape([None, 3]).as_list()",
    "tf.TensorShape(None).as_list()", "tf.TensorShape([2, 3]).num_elements()",
    "tf.TensorShape([None, 3]).num_elements()", "tf.TensorShape([]).num_elements()",
    "tf.TensorShape([2, 3]).is_fully_defined()", "tf.TensorShape([None, 3]).is_fully_defined()",
    "tf.TensorShape([None, 3]).is_compatible_with([5, 3])", "tf.TensorShape([None, 3]).is_compatible_with([5, 4])",
    "tf.TensorShape([None, 3]).is_compatible_with([5, 3, 1])", "tf.TensorShape(None).is_compatible_with([1])",
    "tf.TensorShape([None, 3]).merge_with([5, None])", "tf.TensorShape([None, 3]).merge_with([5, 4])",
    "tf.TensorShape(None).merge_with([1, 2])", "tf.TensorShape([1]).concatenate([2, None])",
    "tf.TensorShape([1]).concatenate(tf.TensorShape(None))", "tf.TensorShape([1]) + [2]", "[2] + tf.TensorShape([1])",
    "tf.TensorShape([1, 2, 3])[1]", "tf.TensorShape([1, 2, 3])[-1]", "tf.TensorShape([1, 2, 3])[1:]",
    "tf.TensorShape([None, 2])[0]", "tf.TensorShape(None)[0]", "tf.TensorShape(None)[1:]",
    "tf.TensorShape([1, 2])[5]", "len(tf.TensorShape([1, 2]))", "len(tf.TensorShape(None))",
    "list(tf.TensorShape([1, None]))", "list(tf.TensorShape(None))", "bool(tf.TensorShape([]))",
    "bool(tf.TensorShape(None))", "bool(tf.TensorShape([0]))", "tf.TensorShape([1, 2]) == [1, 2]",
    "tf.TensorShape([1, 2]) == (1, 2)", "tf.TensorShape([None]) == tf.TensorShape([None])",
    "tf.TensorShape(None) == tf.TensorShape(None)", "tf.TensorShape([1, 2]) != [1, 3]",
    "tf.TensorShape([1, 2]) == 'a'", "tf.TensorShape([1, 2]) == None",
    "hash(tf.TensorShape([1, 2])) == hash(tf.TensorShape((1, 2)))", "tf.TensorShape([1.0, 2])",
    "tf.TensorShape([1.5])", "tf.TensorShape(['a'])", "tf.TensorShape(3)", "tf.TensorShape([-1])",
    "tf.TensorShape([np.int64(2), tf.constant(3)])", "tf.TensorShape([1, 2]).assert_is_compatible_with([1, 3])",
    "tf.TensorShape([None, 2]).assert_is_compatible_with([1, 2])", "tf.TensorShape([1, 2]).with_rank(2)",
    "tf.TensorShape([1, 2]).with_rank(3)", "tf.TensorShape([1, 2]).assert_has_rank(2)",
    "tf.TensorShape([1, 2]).assert_is_fully_defined()", "tf.TensorShape([None, 2]).assert_is_fully_defined()",
    "tf.TensorShape([1, None]).most_specific_compatible_shape([1, 2])",
    "tf.TensorShape([1, 2]).most_specific_compatible_shape([1, 3])",
    "tf.TensorShape([1, 2]).most_specific_compatible_shape([1, 2, 3])", "tf.TensorShape([1, 2]).is_subtype_of([1, 2])",
    "tf.TensorShape([1, 2]).with_rank_at_least(3)", "tf.TensorShape([1, 2]).with_rank_at_most(1)",
    "tf.TensorSpec((None, 2), tf.float32, name='x')",
    "tf.TensorSpec([2])", "tf.TensorSpec((None, 2)).shape", "tf.TensorSpec((2,), 'int32').dtype",
    "tf.TensorSpec((None, 2)).is_compatible_with(tf.ones((5, 2)))",
    "tf.TensorSpec((None, 2)).is_compatible_with(tf.ones((5, 3)))",
    "tf.TensorSpec((None, 2)).is_compatible_with(tf.ones((5, 2), tf.int32))",
    "tf.TensorSpec.from_tensor(tf.ones((2, 3)))", "tf.TensorSpec((2,)) == tf.TensorSpec((2,))",
    "tf.TensorSpec((2,)) == tf.TensorSpec((2,), name='a')", "tf.ones((2, 3)).shape.as_list()",
    "tf.ones((2, 3)).get_shape()", "tf.ones((2, 3)).shape[0]", "tf.ones((2, 3)).shape == (2, 3)",
]

NEST = [
    "tf.nest.flatten(1)", "tf.nest.flatten(None)", "tf.nest.flatten([1, [2, (3, 4)]])",
    "tf.nest.flatten({'b': 1, 'a': [2, 3]})", "tf.nest.flatten({'b': 1, 'a': 2, 'c': {'z': 3, 'y': 4}})",
    "tf.nest.flatten('abc')", "tf.nest.flatten(b'abc')", "tf.nest.flatten([])", "tf.nest.flatten([[], ()])",
    "tf.nest.flatten({})", "tf.nest.flatten({1: 'a', 0: 'b'})", "tf.nest.flatten({1, 2})",
    "tf.nest.flatten(np.array([1, 2]))", "tf.nest.flatten([tf.constant(1.0), None])",
    "tf.nest.flatten(collections.namedtuple('P', 'y x')(1, 2))",
    "tf.nest.flatten(collections.OrderedDict([('b', 1), ('a', 2)]))",
    "tf.nest.flatten(collections.defaultdict(int, {'b': 1, 'a': 2}))",
    "tf.nest.pack_sequence_as([0, [0, 0]], [1, 2, 3])", "tf.nest.pack_sequence_as({'b': 0, 'a': 0}, [1, 2])",
    "tf.nest.pack_sequence_as((0, {'x': 0}), ['p', 'q'])",
    "tf.nest.pack_sequence_as(collections.namedtuple('P', 'y x')(0, 0), [1, 2])",
    "tf.nest.pack_sequence_as(collections.OrderedDict([('b', 0), ('a', 0)]), [1, 2])",
    "tf.nest.pack_sequence_as(0, [5])", "tf.nest.pack_sequence_as([0, 0], [1])", "tf.nest.pack_sequence_as(0, [1, 2])",
    "tf.nest.pack_sequence_as([], [])", "tf.nest.map_structure(lambda x: x * 2, [1, (2, {'a': 3})])",
    "tf.nest.map_structure(lambda x, y: x + y, [1, 2], [10, 20])",
    "tf.nest.map_structure(lambda x, y: x + y, [1, 2], (10, 20))",
    "tf.nest.map_structure(lambda x, y: x + y, [1, 2], (10, 20), check_types=False)",
    "tf.nest.map_structure(lambda x, y: x + y, [1, 2], [10])", "tf.nest.map_structure(lambda x: x, None)",
    "tf.nest.map_structure(lambda x: x + 1, {'b': 1, 'a': 2})",
    "tf.nest.assert_same_structure([1, [2]], [3, [4]])", "tf.nest.assert_same_structure([1, [2]], [3, 4])",
    "tf.nest.assert_same_structure([1, 2], (3, 4))", "tf.nest.assert_same_structure([1, 2], (3, 4), check_types=False)",
    "tf.nest.assert_same_structure({'a': 1}, {'b': 1})", "tf.nest.assert_same_structure(1, 'abc')",
    "tf.nest.is_nested([1])", "tf.nest.is_nested(1)", "tf.nest.is_nested('ab')", "tf.nest.is_nested({})",
    "tf.nest.is_nested(tf.constant([1]))", "tf.nest.is_nested(np.array([1]))",
]


# ---------------------------------------------------------------------------------------------
# Snippets: a few statements each, for the semantics of tapes, variables and modules.

SNIPPETS = {
    "tape": [
        """
        x = tf.constant(3.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
        result = g.gradient(y, x)
        """,
        """
        x = tf.constant(3.0)
        with tf.GradientTape() as g:
            y = x * x
        result = g.gradient(y, x)
        """,
        """
        v = tf.Variable(2.0)
        with tf.GradientTape() as g:
            y = v * v * v
        result = g.gradient(y, v)
        """,
        """
        v, w = tf.Variable(2.0), tf.Variable(3.0)
        with tf.GradientTape(watch_accessed_variables=False) as g:
            g.watch(w)
            y = v * w
        result = g.gradient(y, [v, w])
        """,
        """
        v, w = tf.Variable(2.0, name='v'), tf.Variable(3.0, trainable=False, name='w')
        with tf.GradientTape() as g:
            y = v * w
        result = [g.gradient(y, [v, w]), [x.name for x in g.watched_variables()]]
        """,
        """
        a, b, c = tf.Variable(1.0, name='a'), tf.Variable(2.0, name='b'), tf.Variable(3.0, name='c')
        with tf.GradientTape() as g:
            y = c * b
            g.watch(a)
            z = y * a
        result = [x.name for x in g.watched_variables()]
        """,
        """
        x = tf.constant(3.0)
        with tf.GradientTape(persistent=True) as g:
            g.watch(x)
            y = x * x
            z = y * y
        result = [g.gradient(z, x), g.gradient(y, x), g.gradient(z, y)]
        """,
        """
        x = tf.constant(3.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
        g.gradient(y, x)
        result = g.gradient(y, x)
        """,
        """
        x = tf.constant(3.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
        g.jacobian(y, x)
        result = g.jacobian(y, x)
        """,
        """
        x, y = tf.constant(1.0), tf.constant(2.0)
        with tf.GradientTape() as g:
            g.watch([x, y])
            out = {'s': x * y, 't': [x + y, x * x]}
        result = g.gradient(out, {'a': x, 'b': [y, (x,)]})
        """,
        """
        x = tf.constant([1.0, 2.0])
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
        result = g.gradient(y, x, output_gradients=tf.constant([10.0, 100.0]))
        """,
        """
        x = tf.constant([1.0, 2.0])
        with tf.GradientTape() as g:
            g.watch(x)
            y, z = x * x, x * 3.0
        result = g.gradient([y, z], x, output_gradients=[tf.constant([1.0, 0.0]), tf.constant([0.0, 1.0])])
        """,
        """
        x, y = tf.constant([1.0, 2.0]), tf.constant(5.0)
        with tf.GradientTape(persistent=True) as g:
            g.watch([x, y])
            z = x * 2.0
        result = [g.gradient(z, y), g.gradient(z, y, unconnected_gradients='zero'),
                  g.gradient(z, [x, y], unconnected_gradients=tf.UnconnectedGradients.ZERO)]
        """,
        """
        x = tf.constant([1.0, 2.0, 3.0])
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
        result = g.jacobian(y, x)
        """,
        """
        x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        with tf.GradientTape() as g:
            g.watch(x)
            y = tf.reduce_sum(x * x, axis=1)
        result = g.jacobian(y, x)
        """,
        """
        x = tf.constant([1.0, 2.0])
        w = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        with tf.GradientTape() as g:
            y = tf.matmul(x[None, :], w)
        result = g.jacobian(y, w)
        """,
        """
        x, u = tf.constant([1.0, 2.0]), tf.constant(3.0)
        with tf.GradientTape(persistent=True) as g:
            g.watch([x, u])
            y = x * 2.0
        result = [g.jacobian(y, u), g.jacobian(y, u, unconnected_gradients='zero'), g.jacobian(y, [x])]
        """,
        """
        x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
        result = g.batch_jacobian(y, x)
        """,
        """
        x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        w = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        with tf.GradientTape() as g:
            g.watch(x)
            y = tf.matmul(x, w)
        result = g.batch_jacobian(y, x)
        """,
        """
        x = tf.constant(2.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
            with g.stop_recording():
                z = y * x
            w = z * x
        result = g.gradient(w, x)
        """,
        """
        x = tf.constant(2.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
            g.reset()
            z = x * x * x
        result = [g.gradient(z, x)]
        """,
        """
        x = tf.constant(2.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
            g.reset()
            z = y * x
        result = g.gradient(z, x)
        """,
        """
        x = tf.Variable(3.0)
        with tf.GradientTape() as g2:
            with tf.GradientTape() as g1:
                y = x * x * x
            dy = g1.gradient(y, x)
        result = [dy, g2.gradient(dy, x)]
        """,
        """
        x = tf.constant(2.0)
        with tf.GradientTape() as g3:
            g3.watch(x)
            with tf.GradientTape() as g2:
                g2.watch(x)
                with tf.GradientTape() as g1:
                    g1.watch(x)
                    y = x * x * x * x
                d1 = g1.gradient(y, x)
            d2 = g2.gradient(d1, x)
        result = [d1, d2, g3.gradient(d2, x)]
        """,
        """
        x = tf.constant(1.5)
        with tf.GradientTape(persistent=True) as g:
            g.watch(x)
            y = tf.sin(x)
            dy = g.gradient(y, x)
            d2y = g.gradient(dy, x)
        result = [dy, d2y]
        """,
        """
        x = tf.constant(3)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
        result = g.gradient(y, x)
        """,
        """
        x = tf.constant(3.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = tf.cast(tf.cast(x, tf.int32) * 2, tf.float32)
        result = g.gradient(y, x)
        """,
        """
        x = tf.constant(3.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * tf.stop_gradient(x * x)
        result = g.gradient(y, x)
        """,
        """
        @tf.custom_gradient
        def clip_grad(x):
            def grad(dy):
                return tf.clip_by_value(dy, -0.5, 0.5)
            return tf.identity(x), grad
        x = tf.constant([1.0, 2.0])
        with tf.GradientTape() as g:
            g.watch(x)
            y = clip_grad(x) * 3.0
        result = [clip_grad(x), g.gradient(y, x)]
        """,
        """
        @tf.custom_gradient
        def log1pexp(x):
            e = tf.exp(x)
            def grad(upstream):
                return upstream * (1 - 1 / (1 + e))
            return tf.math.log(1 + e), grad
        x = tf.constant(100.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = log1pexp(x)
        result = [y, g.gradient(y, x)]
        """,
        """
        @tf.custom_gradient
        def two(x, y):
            def grad(dz):
                return dz * 10.0, dz * 100.0
            return x * y, grad
        a, b = tf.constant(2.0), tf.constant(3.0)
        with tf.GradientTape() as g:
            g.watch([a, b])
            z = two(a, b)
        result = g.gradient(z, [a, b])
        """,
        """
        v = tf.Variable(2.0)
        @tf.custom_gradient
        def scaled(x):
            def grad(dy, variables=None):
                return dy * 7.0, [dy * 11.0 for _ in variables]
            return x * v, grad
        x = tf.constant(3.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = scaled(x)
        result = g.gradient(y, [x, v])
        """,
        """
        v = tf.Variable(2.0)
        @tf.custom_gradient
        def scaled(x):
            def grad(dy):
                return dy * 7.0
            return x * v, grad
        x = tf.constant(3.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = scaled(x)
        result = g.gradient(y, x)
        """,
        """
        x = tf.constant([[1.0, 2.0]])
        b = tf.constant([3.0, 4.0])
        with tf.GradientTape() as g:
            g.watch([x, b])
            y = x * b + b
        result = g.gradient(y, [x, b])
        """,
        """
        x = tf.constant(2.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x + x + x * x
        result = [g.gradient(y, x)]
        """,
        """
        x = tf.constant(2.0)
        with tf.GradientTape() as g:
            g.watch(x)
        result = g.gradient(x, x)
        """,
        """
        x = tf.constant([1.0, 2.0])
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
        result = g.gradient(y, (x,))
        """,
        """
        v = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as g:
            y = tf.reduce_sum(v * v) + tf.reduce_sum(v)
        result = g.gradient(y, v)
        """,
        """
        v = tf.Variable([1.0, 2.0, 3.0])
        with tf.GradientTape() as g:
            y = v[1] * 2.0
        result = g.gradient(y, v)
        """,
        """
        x = tf.constant(1.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * 2.0
        result = g.gradient(y, x, output_gradients=[tf.constant(1.0), tf.constant(2.0)])
        """,
        """
        x = tf.constant(1.0)
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * 2.0
        result = g.gradient(y, None)
        """,
        """
        g = tf.GradientTape()
        with g:
            with g:
                pass
        result = 0
        """,
        """
        x = tf.constant(1.0)
        g = tf.GradientTape()
        with g.stop_recording():
            pass
        result = 0
        """,
        """
        x = tf.constant(1.0)
        with tf.GradientTape() as g:
            g.watch(5.0)
        result = 0
        """,
        """
        x = tf.constant([1.0, 2.0])
        with tf.GradientTape() as g:
            g.watch(x)
            y = tf.reduce_sum(x ** 3)
        result = g.gradient(y, x)
        """,
    ],
    "variable": [
        """
        v = tf.Variable(lambda: tf.ones((2,)), name='v')
        result = [v.name, v.dtype, v.shape, v.trainable, v]
        """,
        """
        v = tf.Variable([1, 2], dtype=tf.float64, trainable=False)
        result = [v.dtype, v.trainable, v]
        """,
        """
        v = tf.Variable([1.0, 2.0], shape=tf.TensorShape(None))
        result = [v.shape, v.assign([1.0, 2.0, 3.0]), v.shape]
        """,
        """
        v = tf.Variable([1.0, 2.0], shape=(None,))
        result = [v.shape, v.assign([5.0]), v.shape, v.get_shape()]
        """,
        """
        v = tf.Variable([1.0, 2.0])
        t = v.read_value()
        u = tf.identity(v)
        w = v + 0.0
        s = v[0]
        v.assign([5.0, 6.0])
        v.assign_add([1.0, 1.0])
        result = [t, u, w, s, v]
        """,
        """
        v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
        r = v.value()
        n = v.numpy()
        v[0, 1].assign(9.0)
        v[:, 0].assign([7.0, 8.0])
        result = [r, n, v]
        """,
        """
        v = tf.Variable(1.0)
        a = v.assign(2.0)
        b = v.assign_add(3.0)
        c = v.assign_sub(0.5)
        result = [a, b, c, v, a.numpy(), repr(a)]
        """,
        """
        v = tf.Variable(1.0)
        a = v.assign(2.0)
        v.assign(10.0)
        result = [a, a + 1.0]
        """,
        """
        v = tf.Variable(3)
        result = [v.assign_add(2), v.assign_sub(10), v * 2, v / 2, v // 2, -v, v == 3, v > -10]
        """,
        """
        v = tf.Variable([1.0, 2.0])
        result = [v + 1, 1 + v, v * v, v[::-1], list(v), tf.constant([[1.0, 1.0]]) @ v[:, None]]
        """,
        """
        v = tf.Variable(2.5)
        result = [float(v), int(v), bool(v), format(v), str(v), v.device, np.asarray(v)]
        """,
        """
        v = tf.Variable([1.0, 2.0])
        result = [v.assign([3.0, 4.0], read_value=False), v]
        """,
        """
        v = tf.Variable(1.0, name='w')
        with tf.name_scope('block'):
            u = tf.Variable(1.0, name='w')
            z = tf.Variable(1.0)
        result = [v.name, u.name, z.name]
        """,
        """
        v = tf.Variable(1.0)
        result = {v.ref(): 1}[v.ref()]
        """,
        """
        v = tf.Variable(1.0)
        result = [v.ref() == v.ref(), v.ref().deref() is v, v.experimental_ref() == v.ref()]
        """,
        """
        import copy
        v = tf.Variable([1.0, 2.0])
        c = copy.deepcopy(v)
        v.assign([3.0, 4.0])
        result = [c, v]
        """,
        """
        v = tf.Variable([1.0, 2.0])
        result = v.assign(tf.constant([1.0, 2.0, 3.0]))
        """,
        """
        v = tf.Variable([[1.0, 2.0]])
        result = v.assign_add(tf.ones((2, 1)))
        """,
        """
        v = tf.Variable(1.0)
        result = v.assign(tf.constant(1.0, tf.float64))
        """,
        """
        v = tf.Variable(tf.constant([1, 2], tf.int64))
        result = [v.dtype, v.assign([3, 4])]
        """,
        """
        v = tf.Variable(np.array([1.5, 2.5]))
        result = [v.dtype, v]
        """,
        """
        v = tf.Variable(1.0, constraint=lambda x: tf.clip_by_value(x, 0.0, 1.0))
        v.assign(5.0)
        result = [v, v.constraint(tf.constant(3.0))]
        """,
        """
        v = tf.Variable([1.0, 2.0, 3.0])
        result = [v[1:], v[-1], v[tf.constant(0)], v[None, :]]
        """,
    ],
    "module": [
        """
        class Dense(tf.Module):
            def __init__(self, name=None):
                super().__init__(name=name)
                self.w = tf.Variable(tf.ones((2, 2)), name='w')
                self.b = tf.Variable(tf.zeros((2,)), name='b', trainable=False)

        class Stack(tf.Module):
            def __init__(self):
                super().__init__()
                self.z = tf.Variable(1.0, name='z')
                self.blocks = [Dense(), Dense(name='second')]
                self.a = tf.Variable(2.0, name='a')
                self.shared = self.blocks[0]

        m = Stack()
        result = [m.name, [v.name for v in m.variables], [v.name for v in m.trainable_variables],
                  [v.name for v in m.non_trainable_variables], [s.name for s in m.submodules]]
        """,
        """
        class Inner(tf.Module):
            def __init__(self):
                super().__init__()
                self.v = tf.Variable(1.0, name='inner_v')

        class Outer(tf.Module):
            def __init__(self):
                super().__init__()
                self.b_child = Inner()
                self.a_var = tf.Variable(2.0, name='outer_a')
                self.c_dict = {'y': tf.Variable(3.0, name='dy'), 'x': tf.Variable(4.0, name='dx')}
                self.d_tuple = (tf.Variable(5.0, name='t0'), [tf.Variable(6.0, name='t1')])

        m = Outer()
        result = [[v.name for v in m.variables], [type(s).__name__ for s in m.submodules]]
        """,
        """
        class HTTPServer2Layer(tf.Module):
            pass

        class MyDense(tf.Module):
            pass

        result = [HTTPServer2Layer().name, MyDense().name, tf.Module().name, tf.Module(name='abc').name,
                  MyDense().name_scope.name]
        """,
        """
        result = tf.Module(name='a b')
        """,
        """
        class Scoped(tf.Module):
            def __init__(self):
                super().__init__(name='scoped')
                with self.name_scope:
                    self.v = tf.Variable(1.0, name='v')

            @tf.Module.with_name_scope
            def __call__(self, x):
                return tf.Variable(x, name='made')

        m = Scoped()
        result = [m.v.name, m(2.0).name]
        """,
        """
        with tf.name_scope('outer') as outer:
            with tf.name_scope('inner') as inner:
                v = tf.Variable(1.0, name='v')
        result = [outer, inner, v.name]
        """,
        """
        m = tf.Module()
        m.v = tf.Variable(1.0)
        m.child = tf.Module(name='child')
        m.child.w = tf.Variable(2.0, trainable=False)
        result = [len(m.variables), len(m.trainable_variables), len(m.submodules), m.child.name]
        """,
    ],
}


# ---------------------------------------------------------------------------------------------

def describe(value) -> dict:
    """The outcome of a case: a tensor's dtype/shape/values, a text, or a Python value's repr."""
    if tf.is_symbolic_tensor(value):
        return {"type": "tensor", "dtype": value.dtype.name, "shape": value.shape.as_list(), "str": str(value)}
    if isinstance(value, (tf.Tensor, tf.Variable)):
        array = np.asarray(value.numpy())
        return {"type": "tensor", "dtype": value.dtype.name, "shape": list(array.shape),
                "value": repr(array.tolist())}
    if isinstance(value, str):
        return {"type": "str", "text": value}
    if type(value) in (list, tuple):
        return {"type": type(value).__name__, "items": [describe(v) for v in value]}
    if type(value) is dict:
        return {"type": "dict", "items": {str(k): describe(v) for k, v in value.items()}}
    return {"type": type(value).__name__, "repr": repr(value)}


def snippet(code: str) -> dict:
    """Runs a few statements; their outcome is what they leave in ``result`` (or the error they raise)."""
    def evaluate(text):
        scope = dict(ENV)
        exec(text, scope)
        return scope["result"]

    return run(code, evaluate)


def error_message(error: BaseException) -> str:
    """The message without TF's device prefix and its ``name:`` suffix, which name TF internals."""
    text = str(error)
    text = re.sub(r"^\{\{function_node [^}]*\}\} ", "", text)
    text = re.sub(r"\n\t; NodeDef: .*(?= \[Op:)", "", text, flags=re.S)
    text = re.sub(r" name: [^ ]*$", "", text)
    return re.sub(r'File "[^"]*site-packages/', 'File "<site-packages>/', text)  # no paths of this machine


def run(expr: str, evaluate) -> dict:
    try:
        out = describe(evaluate(expr))
    except Exception as e:  # the error is the recorded outcome
        out = {"error": type(e).__name__, "message": error_message(e)}
    return {"expr": expr, **out}


def eager(expr: str):
    return eval(expr, dict(ENV))


def printed(expr: str) -> dict:
    value = eager(expr)
    return {"expr": expr, "str": str(value), "repr": repr(value)}


def graph_outcomes(exprs: list[str]) -> list[dict]:
    """Evaluates the expressions in one ``tf.function`` trace (one graph, so names are uniqued)."""
    out = []

    @tf.function(input_signature=[tf.TensorSpec((None, 3), tf.float32)], autograph=False)
    def trace(x):
        out.clear()  # keep the last trace only
        out.extend(run(expr, lambda e: eval(e, {**ENV, "x": x})) for expr in exprs)
        return x

    trace.get_concrete_function()
    return out


def write(name: str, cases: list[dict]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    header = json.dumps({"tensorflow_version": tf.__version__, "numpy_version": np.__version__})[:-1]
    rows = ",\n".join(json.dumps(case) for case in cases)  # one case a line: readable diffs
    (OUT / f"{name}.json").write_text(f'{header}, "cases": [\n{rows}\n]}}\n')
    print(f"{name}.json: {len(cases)} cases")


def main() -> None:
    write("conversion", [run(e, eager) for e in conversion_cases()])
    write("printing", [printed(e) for e in PRINTED])
    write("errors", [run(e, eager) for e in ERRORS])
    write("indexing", [run(e, eager) for e in INDEXED])
    write("graph", graph_outcomes(GRAPH_SEQUENCE) + graph_outcomes(GRAPH_ERRORS))
    write("types", [run(e, eager) for e in TYPES])
    write("nest", [run(e, eager) for e in NEST])
    for name, codes in SNIPPETS.items():
        write(name, [snippet(textwrap.dedent(code).strip()) for code in codes])


if __name__ == "__main__":
    main()
