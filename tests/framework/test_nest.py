"""tf.nest: flattening, packing, mapping and structure checks — recorded from TensorFlow 2.21."""

import collections

import pytest

import tensorflux as tf

import core_cases


def test_nest_follows_tf():
    wrong = core_cases.mismatches(core_cases.load("nest"))
    assert not wrong, "\n".join(wrong)


Point = collections.namedtuple("Point", "y x")


def test_flatten_and_pack_round_trip():
    structure = {"b": [1, (2, Point(3, 4))], "a": {"z": 5, "y": None}, "c": "leaf"}
    flat = tf.nest.flatten(structure)
    assert flat == [None, 5, 1, 2, 3, 4, "leaf"]
    packed = tf.nest.pack_sequence_as(structure, flat)
    assert packed == structure and list(packed) == ["b", "a", "c"] and isinstance(packed["b"][1][1], Point)


def test_map_structure_over_several_structures():
    out = tf.nest.map_structure(lambda a, b: a * b, {"x": [1, 2], "y": 3}, {"y": 10, "x": [4, 5]})
    assert out == {"x": [4, 10], "y": 30}
    defaults = collections.defaultdict(list, {"a": 1})
    mapped = tf.nest.map_structure(lambda v: v + 1, defaults)
    assert isinstance(mapped, collections.defaultdict) and mapped == {"a": 2}


def test_tensors_and_arrays_are_leaves():
    t = tf.constant([1, 2])
    assert tf.nest.flatten([t, "ab"])[0] is t and not tf.nest.is_nested(t)


def test_structure_errors():
    with pytest.raises(ValueError, match="don't have the same number of elements"):
        tf.nest.assert_same_structure([1, 2], [1])
    with pytest.raises(TypeError, match="don't have the same sequence type"):
        tf.nest.assert_same_structure([1], (1,))
    tf.nest.assert_same_structure([1], (1,), check_types=False)
    with pytest.raises(ValueError, match="Could not pack sequence. Structure had 2 atoms, but flat_sequence had 3"):
        tf.nest.pack_sequence_as([0, 0], [1, 2, 3])
