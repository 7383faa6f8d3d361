"""TensorShape and TensorSpec — checked against TensorFlow 2.21."""

import pickle

import numpy as np
import pytest

import tensorflux as tf

import core_cases

_SHAPES = ("TensorShape", "TensorSpec", ".shape", "get_shape")


def _shape_cases():
    # TF's `dims` gives Dimension objects; ours gives ints and None (code here relies on it).
    return [c for c in core_cases.load("types")
            if any(s in c["expr"] for s in _SHAPES) and not c["expr"].endswith(".dims")]


def test_shapes_follow_tf():
    wrong = core_cases.mismatches(_shape_cases())
    assert not wrong, "\n".join(wrong)


def test_printing():
    assert repr(tf.TensorShape([None, 3])) == "TensorShape([None, 3])" and str(tf.TensorShape([None, 3])) == "(None, 3)"
    assert str(tf.TensorShape([5])) == "(5,)" and str(tf.TensorShape(None)) == "<unknown>"
    assert repr(tf.TensorShape(None)) == "TensorShape(None)"


def test_unknown_dimensions_and_rank():
    s = tf.TensorShape([None, 3])
    assert s.rank == 2 and s[0] is None and s[1] == 3 and not s.is_fully_defined() and s.num_elements() is None
    assert s.is_compatible_with((7, 3)) and not s.is_compatible_with((7, 4)) and s.merge_with([7, None]) == [7, 3]
    unknown = tf.TensorShape(None)
    assert unknown.rank is None and unknown.is_compatible_with([1, 2, 3]) and unknown[1:] == tf.TensorShape(None)
    with pytest.raises(ValueError, match="as_list\\(\\) is not defined on an unknown TensorShape."):
        unknown.as_list()


def test_equality_hashing_and_pickling():
    s = tf.TensorShape([2, 3])
    assert s == [2, 3] and s == (2, 3) and s != [2, 4] and s == tf.TensorShape(np.array([2, 3]))
    assert {s: 1}[tf.TensorShape((2, 3))] == 1 and pickle.loads(pickle.dumps(s)) == s
    assert tf.ones((2, 3)).shape == s and tf.TensorShape([1]) + [2] == [1, 2]


def test_dimensions_are_validated():
    assert tf.TensorShape([np.int64(2), tf.constant(3)]).as_list() == [2, 3]
    with pytest.raises(TypeError, match="Dimension value must be integer or None"):
        tf.TensorShape([1.5])
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        tf.TensorShape([-1])


def test_rank_helpers():
    s = tf.TensorShape([1, None])
    assert s.with_rank(2) is not None and s.with_rank_at_least(1) is s and s.with_rank_at_most(3) is s
    assert s.most_specific_compatible_shape([1, 5]) == tf.TensorShape([1, None])
    assert s.is_subtype_of(tf.TensorShape([None, None])) and not s.is_subtype_of(tf.TensorShape([1, 2]))
    with pytest.raises(ValueError, match=r"Shape \(1, None\) must have rank 3"):
        s.with_rank(3)


def test_tensor_spec():
    spec = tf.TensorSpec((None, 2), tf.float32, name="x")
    assert repr(spec) == "TensorSpec(shape=(None, 2), dtype=tf.float32, name='x')"
    assert spec.is_compatible_with(tf.ones((5, 2))) and not spec.is_compatible_with(tf.ones((5, 2), tf.int32))
    assert tf.TensorSpec.from_tensor(tf.ones((2,))) == tf.TensorSpec((2,))
