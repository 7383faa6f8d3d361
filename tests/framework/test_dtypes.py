"""DTypes and TF's rules for turning Python values into tensors — checked against TensorFlow 2.21."""

import pickle

import ml_dtypes
import numpy as np
import pytest

import tensorflux as tf
from tensorflux.framework import dtypes

import core_cases

_SHAPES = ("TensorShape", "TensorSpec", ".shape", "get_shape")


def test_dtypes_follow_tf():
    wrong = core_cases.mismatches([c for c in core_cases.load("types") if not any(s in c["expr"] for s in _SHAPES)])
    assert not wrong, "\n".join(wrong)


def test_names_and_printing():
    assert repr(tf.float32) == "tf.float32" and str(tf.float32) == "<dtype: 'float32'>"
    assert tf.half is tf.float16 and tf.double is tf.float64 and tf.dtypes.float32 is tf.float32
    assert [d.name for d in (tf.bfloat16, tf.uint16, tf.complex64, tf.string)] == [
        "bfloat16", "uint16", "complex64", "string"]


def test_as_dtype_and_equality():
    for d in dtypes.ALL:
        assert tf.as_dtype(d.name) is d and tf.as_dtype(d) is d and tf.as_dtype(d.as_datatype_enum) is d
        assert d == d.name and hash(d) == hash(tf.as_dtype(d.name)) and pickle.loads(pickle.dumps(d)) is d
        if d is not tf.string:
            assert tf.as_dtype(d.numpy_dtype) is d and d == d.numpy_dtype
    assert tf.as_dtype(ml_dtypes.bfloat16) is tf.bfloat16 and tf.as_dtype(np.dtype("<U3")) is tf.string
    assert tf.float32 != tf.float64 and tf.float32 != "floaty" and not (tf.float32 == None)  # noqa: E711
    with pytest.raises(TypeError, match="Cannot convert the argument `type_value`: 'int' to a TensorFlow DType."):
        tf.as_dtype("int")


def test_properties():
    assert tf.uint8.is_unsigned and tf.uint8.is_integer and not tf.uint8.is_floating
    assert tf.bfloat16.is_floating and tf.bfloat16.size == 2 and tf.bfloat16.max == ml_dtypes.finfo("bfloat16").max
    assert tf.complex64.real_dtype is tf.float32 and tf.float64.real_dtype is tf.float64
    assert tf.int8.min == -128 and tf.uint16.max == 65535 and tf.float16.max == np.finfo(np.float16).max
    assert tf.float32.as_numpy_dtype is np.float32 and tf.string.as_numpy_dtype is object
    assert tf.int32.limits == (0, 2**31 - 1) and tf.float64.limits == (0, 1)
    with pytest.raises(TypeError, match="Cannot find minimum value of <dtype: 'bool'>"):
        tf.bool.min


# ---------------------------------------------------------------------------------------------
# The conversion of Python values (dtypes.python_to_numpy), rule by rule.

@pytest.mark.parametrize("value, dtype", [
    (1, "int32"), (-2**31, "int32"), (2**31, "int64"), (1.5, "float32"), (True, "bool"), (1j, "complex128"),
    ("é", "object"), ([1, 2.5], "float32"), ([2.5, 1], "float32"), ([1, True], "int32"), ([2**40, 1.5], "float32"),
    ([np.float64(1.0), 2], "float64"), ([np.float32(1.0), np.float64(2.0)], "float32"),
    ([np.float16(1.0), 2.0], "float16"), ([np.int64(1), 2], "int32"), ([np.array(1.5), 2], "float64"),
    ([np.array([1, 2]), np.array([3, 4])], "int32"), (range(3), "int32"), ([[], []], "float32"), ((), "float32"),
])
def test_the_first_leaf_decides_and_later_leaves_widen(value, dtype):
    assert dtypes.python_to_numpy(value).dtype == np.dtype(dtype)


@pytest.mark.parametrize("value, message", [
    ([True, 1], "mixed types"), ([1, "a"], "mixed types"), ([1, 2j], "mixed types"), ([1, None], "mixed types"),
    ([1, [2]], "mixed types"), ([[1], 2], "non-rectangular"), ([[1, 2], [3]], "non-rectangular"),
    ([[1, "a"], [3]], "mixed types"), (2**64, "out-of-range integer"), ([1, 2**70, 1.5], "out-of-range integer"),
    (1e40, "out of range for a double-precision float"), (None, "unsupported type"), ({1}, "unsupported type"),
])
def test_what_tf_refuses(value, message):
    with pytest.raises(ValueError, match=message):
        dtypes.python_to_numpy(value)


def test_order_decides_between_int64_overflow_and_floats():
    assert dtypes.python_to_numpy([1, 1.5, 2**70]).dtype == np.float32  # the float comes first: all floats
    with pytest.raises(ValueError, match="out-of-range integer"):
        dtypes.python_to_numpy([1, 2**70, 1.5])  # the big int comes first: int64, which cannot hold it


@pytest.mark.parametrize("value, dtype, expected", [
    (300, tf.uint8, 44), (-1, tf.uint8, 255), (2**31, tf.int32, -2**31), (True, tf.float16, 1.0),
    (True, tf.int32, 1), (1, tf.bfloat16, 1.0), (1e40, tf.float32, np.inf), (1.5, tf.complex64, 1.5),
    ([1, 2], tf.float64, [1.0, 2.0]), ("a", tf.string, b"a"), ([], tf.int64, []),
])
def test_a_requested_dtype_is_reached_by_tfs_casts(value, dtype, expected):
    array = dtypes.python_to_numpy(value, dtype)
    assert array.dtype == dtype.numpy_dtype
    assert array.tolist() == expected or np.array_equal(array, np.asarray(expected, array.dtype))


@pytest.mark.parametrize("value, dtype", [
    (1.0, tf.int32), (1.5, tf.int8), (True, tf.int8), (True, tf.bfloat16), (True, tf.complex64), (1, tf.bool),
    (1, tf.string), ("a", tf.float32), (1 + 2j, tf.float64), ([1.5, 2], tf.int32),
])
def test_what_a_requested_dtype_refuses(value, dtype):
    with pytest.raises(TypeError, match=f"Cannot convert .* to EagerTensor of dtype {dtypes.c_name(dtype)}"):
        dtypes.python_to_numpy(value, dtype)


def test_castable_is_tfs_is_compatible():
    assert dtypes.castable(tf.int64, tf.uint8) and dtypes.castable(tf.int32, tf.float16)
    assert dtypes.castable(tf.float64, tf.complex64) and dtypes.castable(tf.int8, tf.complex128)
    assert not dtypes.castable(tf.float64, tf.int32) and not dtypes.castable(tf.bool, tf.int32)
    assert not dtypes.castable(tf.complex128, tf.float64) and not dtypes.castable(tf.int32, tf.string)


def test_python_value_dtype():
    assert dtypes.python_value_dtype(3) is tf.int32 and dtypes.python_value_dtype([1, 2**40]) is tf.int64
    assert dtypes.python_value_dtype([[0.5]]) is tf.float32 and dtypes.python_value_dtype("x") is tf.string
