"""tf.train.Checkpoint: save/write/restore/read of variables owned by modules and plain objects."""

import os

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.train import Checkpoint
from tensorflux.train.restore import CheckpointLoadStatus, InitializationOnlyStatus


class Block(tf.Module):
    def __init__(self, scale=1.0):
        super().__init__()
        self.w = tf.Variable(np.full((2, 3), scale, np.float32))
        self.stack = [tf.Variable(scale), {"b": tf.Variable([scale, scale])}]


class Net(tf.Module):
    def __init__(self, scale=1.0):
        super().__init__()
        self.block = Block(scale)
        self.head = tf.Variable(np.float32(scale) * 3)


def _values(module):
    return [v.numpy().tolist() for v in module.variables]


def test_save_numbers_checkpoints_and_restore_brings_values_back(tmp_path):
    net = Net(1.0)
    ckpt = Checkpoint(net=net)
    first = ckpt.save(tmp_path / "ckpt")
    assert first == str(tmp_path / "ckpt-1")
    assert os.path.isfile(first + ".h5")
    assert ckpt.save(tmp_path / "ckpt") == str(tmp_path / "ckpt-2")
    assert int(ckpt.save_counter.numpy()) == 2
    assert ckpt.save_counter.dtype == tf.int64 and not ckpt.save_counter.trainable

    other = Net(7.0)
    status = Checkpoint(net=other).restore(first)
    assert isinstance(status, CheckpointLoadStatus)
    assert status.assert_consumed() is status
    assert _values(other) == _values(net)


def test_save_records_the_newest_checkpoint_for_latest_checkpoint(tmp_path):
    ckpt = Checkpoint(v=tf.Variable(1.0))
    ckpt.save(tmp_path / "a")
    path = ckpt.save(tmp_path / "a")
    assert tf.train.latest_checkpoint(tmp_path) == path
    text = (tmp_path / "checkpoint").read_text()
    assert 'model_checkpoint_path: "a-2"' in text


def test_restore_restores_the_save_counter(tmp_path):
    ckpt = Checkpoint(v=tf.Variable(1.0))
    ckpt.save(tmp_path / "c")
    path = ckpt.save(tmp_path / "c")
    fresh = Checkpoint(v=tf.Variable(0.0))
    fresh.restore(path).assert_consumed()
    assert int(fresh.save_counter.numpy()) == 2
    assert fresh.save(tmp_path / "c") == str(tmp_path / "c-3")


def test_write_does_not_number_or_record(tmp_path):
    v = tf.Variable([1.0, 2.0])
    ckpt = Checkpoint(v=v)
    assert ckpt.write(tmp_path / "w") == str(tmp_path / "w")
    assert not (tmp_path / "checkpoint").exists()
    assert ckpt._save_counter is None
    _ = v.assign([0.0, 0.0])
    status = ckpt.read(tmp_path / "w")
    status.assert_consumed()
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])


def test_restore_accepts_the_file_name_itself(tmp_path):
    v = tf.Variable(4.0)
    path = Checkpoint(v=v).write(tmp_path / "x")
    w = tf.Variable(0.0)
    Checkpoint(v=w).restore(path + ".h5").assert_consumed()
    assert float(w) == 4.0


def test_plain_objects_nested_checkpoints_and_containers(tmp_path):
    class Holder:
        pass

    h = Holder()
    h.inner = Holder()
    h.inner.v = tf.Variable(np.arange(4, dtype=np.float64))
    h.table = {"a/b": tf.Variable(1), ".": tf.Variable(2), "%": tf.Variable(3)}
    nested = Checkpoint(v=tf.Variable("text"))
    path = Checkpoint(holder=h, nested=nested).write(tmp_path / "p")

    h2 = Holder()
    h2.inner = Holder()
    h2.inner.v = tf.Variable(np.zeros(4))
    h2.table = {"a/b": tf.Variable(0), ".": tf.Variable(0), "%": tf.Variable(0)}
    nested2 = Checkpoint(v=tf.Variable(""))
    Checkpoint(holder=h2, nested=nested2).restore(path).assert_consumed()
    np.testing.assert_array_equal(h2.inner.v.numpy(), np.arange(4.0))
    assert h2.inner.v.dtype == tf.float64
    assert [int(h2.table[k]) for k in ("a/b", ".", "%")] == [1, 2, 3]
    assert nested2.v.numpy() == b"text"
    names = [name for name, _ in tf.train.list_variables(path)]
    assert names == ["holder/inner/v", "holder/table/%", "holder/table/.", "holder/table/a/b", "nested/v"]


def test_root_argument_makes_the_object_the_root(tmp_path):
    net = Net(2.0)
    path = Checkpoint(root=net).write(tmp_path / "r")
    assert "head" in [name for name, _ in tf.train.list_variables(path)]
    other = Net(0.0)
    Checkpoint(root=other).restore(path).assert_consumed()
    assert _values(other) == _values(net)


def test_a_shared_variable_is_saved_once_and_found_by_either_name(tmp_path):
    shared = tf.Variable([5.0, 6.0])

    class Owner:
        def __init__(self, v):
            self.v = v

    path = Checkpoint(a=Owner(shared), b=Owner(shared)).write(tmp_path / "s")
    assert [name for name, _ in tf.train.list_variables(path)] == ["a/v"]
    only_b = Owner(tf.Variable([0.0, 0.0]))
    Checkpoint(b=only_b).restore(path).assert_existing_objects_matched()
    np.testing.assert_array_equal(only_b.v.numpy(), [5.0, 6.0])


@pytest.mark.parametrize("dtype", ["bfloat16", "float16", "float64", "int8", "int64", "uint32", "bool",
                                   "complex64"])
def test_dtypes_round_trip(tmp_path, dtype):
    value = tf.cast(tf.constant([[1, 0], [3, 2]]), dtype)
    v = tf.Variable(value)
    Checkpoint(v=v).write(tmp_path / "d")
    w = tf.Variable(tf.zeros_like(value))
    Checkpoint(v=w).restore(tmp_path / "d").assert_consumed()
    assert w.dtype == v.dtype
    np.testing.assert_array_equal(np.asarray(w.numpy()), np.asarray(v.numpy()))


def test_load_variable_reads_one_value(tmp_path):
    net = Net(3.0)
    ckpt = Checkpoint(net=net)
    ckpt.save(tmp_path / "lv")
    np.testing.assert_array_equal(tf.train.load_variable(tmp_path, "net/block/w"), net.block.w.numpy())
    with pytest.raises(ValueError, match="Variable net/missing not found in checkpoint"):
        tf.train.load_variable(tmp_path, "net/missing")


def test_checkpoint_refuses_values_that_are_not_trackable():
    with pytest.raises(ValueError, match="`Checkpoint` was expecting v to be a trackable object"):
        Checkpoint(v=1)


# --- load status -----------------------------------------------------------------------------------


def test_restore_none_gives_an_initialization_only_status():
    status = Checkpoint(v=tf.Variable(1.0)).restore(None)
    assert isinstance(status, InitializationOnlyStatus)
    assert status.expect_partial() is status
    for method in ("assert_consumed", "assert_existing_objects_matched", "assert_nontrivial_match"):
        with pytest.raises(AssertionError, match=r"No checkpoint specified \(save_path=None\)"):
            getattr(status, method)()


def test_assertions_about_a_new_live_variable(tmp_path):
    path = Checkpoint(v=tf.Variable(1.0)).write(tmp_path / "a")
    status = Checkpoint(v=tf.Variable(0.0), x=tf.Variable(2.0)).restore(path)
    with pytest.raises(AssertionError, match="Found 1 Python objects that were not bound to checkpointed values, "
                                             "likely due to changes in the Python program. Showing 1 of 1"):
        status.assert_consumed()
    with pytest.raises(AssertionError, match="Found 1 Python objects"):
        status.assert_existing_objects_matched()
    assert status.assert_nontrivial_match() is status
    assert status.expect_partial() is status


def test_assertions_about_an_unused_saved_value(tmp_path):
    path = Checkpoint(v=tf.Variable(1.0), w=tf.Variable([1, 2])).write(tmp_path / "a")
    status = Checkpoint(v=tf.Variable(0.0)).restore(path)
    with pytest.raises(AssertionError, match=r"Unresolved object in checkpoint \(root\).w: a variable of shape "
                                             r"\(2,\) and dtype int32"):
        status.assert_consumed()
    status.assert_existing_objects_matched()


def test_assert_nontrivial_match_fails_when_nothing_matched(tmp_path):
    path = Checkpoint(v=tf.Variable(1.0)).write(tmp_path / "a")
    status = Checkpoint(other=tf.Variable(0.0)).restore(path)
    with pytest.raises(AssertionError, match="Nothing except the root object matched a checkpointed value"):
        status.assert_nontrivial_match()


# --- mismatches ------------------------------------------------------------------------------------


def test_shape_mismatch_uses_tf_wording_and_names_the_file(tmp_path):
    path = Checkpoint(v=tf.Variable([1.0, 2.0])).write(tmp_path / "m")
    with pytest.raises(ValueError, match=r"Received incompatible tensor with shape \(2,\) when attempting to restore "
                                         r"variable with shape \(3,\) and name Variable:0\..*m\.h5"):
        Checkpoint(v=tf.Variable([1.0, 2.0, 3.0])).restore(path)


def test_dtype_mismatch_raises_invalid_argument(tmp_path):
    path = Checkpoint(v=tf.Variable([1.0, 2.0])).write(tmp_path / "m")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"m\.h5: tensor_name = v; expected dtype int32 does "
                                                             r"not equal original dtype float32"):
        Checkpoint(v=tf.Variable([1, 2])).restore(path)


def test_a_failing_restore_assigns_nothing(tmp_path):
    path = Checkpoint(a=tf.Variable(1.0), b=tf.Variable([1.0, 2.0])).write(tmp_path / "m")
    a = tf.Variable(0.0)
    with pytest.raises(ValueError):
        Checkpoint(a=a, b=tf.Variable([0.0])).restore(path)
    assert float(a) == 0.0


def test_write_callbacks_of_checkpoint_options_run_after_each_write(tmp_path):
    seen, calls = [], []
    options = tf.train.CheckpointOptions(experimental_write_callbacks=[seen.append, lambda: calls.append(1)])
    path = Checkpoint(v=tf.Variable(1.0)).save(tmp_path / "o", options=options)
    assert seen == [path] and calls == [1]
    assert os.path.isfile(path + ".h5")
