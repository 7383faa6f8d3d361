"""Variables: construction, reading, assignment (whole and sliced), copy-on-write, and TF's errors —
checked against cases recorded from TensorFlow 2.21 (tests/fixtures/core)."""

import copy

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.framework.errors import InvalidArgumentError

import core_cases


def test_variable_semantics_follow_tf():
    wrong = core_cases.mismatches(core_cases.load("variable"))
    assert not wrong, "\n".join(wrong)


def test_variable_errors_follow_tf():
    wrong = core_cases.mismatches([c for c in core_cases.load("errors") if "tf.Variable" in c["expr"]])
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------------------------
# Construction.

def test_constructor_arguments():
    v = tf.Variable(lambda: tf.zeros((2, 3)), trainable=False, name="w", dtype=tf.float32)
    assert v.shape == (2, 3) and v.dtype is tf.float32 and not v.trainable and v.name == "w:0"
    assert tf.Variable(1).dtype is tf.int32 and tf.Variable(np.ones(2)).dtype is tf.float64
    assert tf.Variable([1, 2], dtype=tf.float64).dtype is tf.float64
    assert tf.Variable(1.0).trainable and tf.Variable(1.0).name == "Variable:0"
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        tf.Variable(1.5, dtype=tf.int32)
    with pytest.raises(ValueError, match="The `initial_value` arg to `tf.Variable` must be specified"):
        tf.Variable()


def test_shape_argument_allows_unknown_dimensions():
    v = tf.Variable([1.0, 2.0], shape=tf.TensorShape([None]))
    v.assign([1.0, 2.0, 3.0])
    assert v.shape.as_list() == [None] and v.numpy().tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match="is not compatible with the explicitly supplied `shape` argument"):
        tf.Variable([1.0, 2.0], shape=(3,))


def test_names_follow_name_scopes():
    with tf.name_scope("block"):
        assert tf.Variable(1.0, name="kernel").name == "block/kernel:0"
        with tf.name_scope("inner"):
            assert tf.Variable(1.0).name == "block/inner/Variable:0"


def test_the_initial_value_is_copied():
    source = np.array([1.0, 2.0])
    v = tf.Variable(source)
    source[0] = 99.0
    assert v.numpy().tolist() == [1.0, 2.0]


# ---------------------------------------------------------------------------------------------
# Assignment.

def test_assign_add_sub_return_the_variable_printed_as_unread():
    v = tf.Variable([1.0, 2.0])
    out = v.assign_add([1.0, 1.0])
    assert repr(out).startswith("<tf.Variable 'UnreadVariable' shape=(2,) dtype=float32")
    assert v.assign_sub([0.5, 0.5]).numpy().tolist() == [1.5, 2.5]
    assert v.assign([0.0, 0.0], read_value=False) is None and v.numpy().tolist() == [0.0, 0.0]
    assert out.numpy().tolist() == [0.0, 0.0]  # it reads the variable, not a snapshot


def test_assign_converts_python_values_and_casts_arrays():
    v = tf.Variable([1.0, 2.0])
    v.assign([3, 4])
    v.assign(np.array([5.5, 6.5]))  # float64 array to a float32 variable, as TF
    assert v.dtype is tf.float32 and v.numpy().tolist() == [5.5, 6.5]
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float32 for Tensor with dtype float64"):
        v.assign(tf.constant([1.0, 2.0], tf.float64))


def test_assignment_errors():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match=r"Cannot assign value to variable ' Variable:0': Shape mismatch.The "
                                         r"variable shape \(2,\), and the assigned value shape \(3,\) are "
                                         "incompatible."):
        v.assign([1.0, 2.0, 3.0])
    with pytest.raises(InvalidArgumentError, match=r"Cannot update variable with shape \[2\] using a Tensor with "
                                                   r"shape \[\], shapes must be equal. \[Op:AssignAddVariableOp\]"):
        v.assign_add(1.0)
    with pytest.raises(TypeError, match="Cannot convert 'a' to EagerTensor of dtype float"):
        v.assign("a")


def test_sliced_assign():
    v = tf.Variable([[1, 2], [3, 4]])
    v[0, 1].assign(9)
    v[:, 0].assign([7, 8])
    v[1:].assign([[5, 6]])
    assert v.numpy().tolist() == [[7, 9], [5, 6]]
    v[0].assign(0)  # broadcast, as TF
    assert v.numpy().tolist() == [[0, 0], [5, 6]]
    with pytest.raises(InvalidArgumentError, match=r"Cannot broadcast input shape \[3\] into final shape \[2\]"):
        v[0].assign([1, 2, 3])
    with pytest.raises(AttributeError):
        tf.constant([1.0])[0].assign(2.0)


# ---------------------------------------------------------------------------------------------
# Copy-on-write: what was read never changes; a buffer nobody else holds is updated in place.

def test_tensors_read_from_a_variable_never_change():
    v = tf.Variable([1.0, 2.0, 3.0])
    reads = [v.read_value(), v.value(), tf.identity(v), v[1:], tf.convert_to_tensor(v), v + 0.0,
             tf.reshape(v, (3, 1))]
    view, snapshot = np.asarray(v), v.numpy()
    v.assign([10.0, 20.0, 30.0])
    v.assign_add([1.0, 1.0, 1.0])
    v[0].assign(-1.0)
    assert [r.numpy().ravel().tolist() for r in reads] == [[1.0, 2.0, 3.0]] * 3 + [[2.0, 3.0]] + [[1.0, 2.0, 3.0]] * 3
    assert view.tolist() == [1.0, 2.0, 3.0] and snapshot.tolist() == [1.0, 2.0, 3.0] and view.flags.writeable
    assert v.numpy().tolist() == [-1.0, 21.0, 31.0]


def test_a_buffer_nobody_holds_is_updated_in_place():
    v = tf.Variable(np.zeros(1000, np.float32))
    buffer = id(v._value)
    for _ in range(3):
        v.assign_add(np.ones(1000, np.float32))
        v.assign_sub(np.full(1000, 0.5, np.float32))
    assert id(v._value) == buffer and float(v[0]) == 1.5


def test_reads_under_a_tape_are_kept_too():
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = v * v
    v.assign(100.0)
    assert float(y) == 4.0 and float(tape.gradient(y, v)) == 4.0  # the tape kept the read value


# ---------------------------------------------------------------------------------------------
# Reading, operators and protocols.

def test_variables_work_where_tensors_do():
    v = tf.Variable([1.0, 2.0])
    assert isinstance(v + 1, tf.Tensor) and (2 * v).numpy().tolist() == [2.0, 4.0]
    assert tf.reduce_sum(v).numpy() == 3.0 and np.add(v, 1).tolist() == [2.0, 3.0]
    assert [float(x) for x in v] == [1.0, 2.0] and v.shape == (2,) and v.dtype is tf.float32
    assert float(tf.Variable(2.5)) == 2.5 and int(tf.Variable(3)) == 3 and [7, 8][tf.Variable(1)] == 8


def test_variables_are_unhashable_but_have_refs():
    v = tf.Variable(1.0)
    with pytest.raises(TypeError, match=r"Variable is unhashable. Instead, use variable.ref\(\) as the key."):
        hash(v)
    assert {v.ref(): 1}[v.ref()] == 1 and v.ref().deref() is v


def test_format_and_printing():
    v = tf.Variable(1.5, name="w")
    assert format(v) == str(v) == repr(v) == "<tf.Variable 'w:0' shape=() dtype=float32, numpy=1.5>"
    with pytest.raises(TypeError, match="unsupported format string"):
        format(v, ".1f")


def test_deepcopy_is_independent():
    v = tf.Variable([1.0, 2.0], trainable=False, name="w")
    c = copy.deepcopy(v)
    v.assign([5.0, 6.0])
    assert c.numpy().tolist() == [1.0, 2.0] and c.name == "w:0" and not c.trainable and c is not v


def test_constraint_is_kept_for_optimizers():
    clip = lambda x: tf.clip_by_value(x, 0.0, 1.0)  # noqa: E731
    v = tf.Variable(5.0, constraint=clip)
    v.assign(7.0)  # as TF: assign does not apply it
    assert v.constraint is clip and float(v) == 7.0
