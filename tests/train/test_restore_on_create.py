"""Restore-on-create: values for variables that do not exist yet wait, then reach them."""

import numpy as np

import tensorflux as tf
from tensorflux.train import Checkpoint
from tensorflux.train.object_graph import DEFERRED_HOOKS_ATTRIBUTE


class LazyDense(tf.Module):
    """Creates its variables on first call, as Keras layers and Sonnet modules do."""

    def __init__(self, units):
        super().__init__()
        self.units = units
        self.kernel = None

    def __call__(self, x):
        if self.kernel is None:
            self.kernel = tf.Variable(tf.ones((x.shape[-1], self.units)))
        return tf.matmul(x, self.kernel)


class Cooperative:
    """A plain owner that tells pending restores about new attributes (the hook protocol)."""

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        hooks = self.__dict__.get(DEFERRED_HOOKS_ATTRIBUTE)
        if hooks:
            hooks(self, name, value)


class SlotOptimizer:
    """An optimizer-like object: an iteration counter, and slots created on the first apply."""

    def __init__(self):
        self.iterations = tf.Variable(0, dtype=tf.int64, trainable=False)
        self._momentums = []

    def apply(self, variables):
        if not self._momentums:
            self._momentums.extend(tf.Variable(tf.zeros_like(v)) for v in variables)
        for m, v in zip(self._momentums, variables):
            _ = m.assign(m * 0.5 + v)
        _ = self.iterations.assign_add(1)


def _trained(tmp_path):
    layer = LazyDense(2)
    layer(tf.ones((1, 3)))
    _ = layer.kernel.assign(tf.reshape(tf.range(6.0), (3, 2)))
    optimizer = SlotOptimizer()
    optimizer.apply([layer.kernel])
    optimizer.apply([layer.kernel])
    path = Checkpoint(layer=layer, optimizer=optimizer).save(tmp_path / "ckpt")
    return layer, optimizer, path


def test_a_variable_built_later_gets_its_value_at_the_next_sweep(tmp_path):
    layer, _, path = _trained(tmp_path)
    fresh = LazyDense(2)
    status = Checkpoint(layer=fresh).restore(path).expect_partial()
    status.assert_existing_objects_matched()  # the kernel does not exist yet: nothing to complain about
    fresh(tf.ones((1, 3)))
    status.assert_existing_objects_matched()  # sweeps: the new kernel gets its saved value
    np.testing.assert_array_equal(fresh.kernel.numpy(), layer.kernel.numpy())


def test_optimizer_slots_created_on_first_apply_are_restored(tmp_path):
    layer, optimizer, path = _trained(tmp_path)
    new_layer, new_optimizer = LazyDense(2), SlotOptimizer()
    checkpoint = Checkpoint(layer=new_layer, optimizer=new_optimizer)
    status = checkpoint.restore(path)
    assert int(new_optimizer.iterations.numpy()) == 2  # exists already: restored at once
    new_layer(tf.ones((1, 3)))
    new_optimizer._momentums.extend(tf.Variable(tf.zeros_like(v)) for v in [new_layer.kernel])
    status.assert_consumed()
    np.testing.assert_array_equal(new_optimizer._momentums[0].numpy(), optimizer._momentums[0].numpy())
    np.testing.assert_array_equal(new_layer.kernel.numpy(), layer.kernel.numpy())


def test_the_hook_restores_at_the_moment_the_attribute_is_set(tmp_path):
    owner = Cooperative()
    owner.inner = Cooperative()
    owner.inner.v = tf.Variable([1.0, 2.0])
    path = Checkpoint(owner=owner).write(tmp_path / "h")

    fresh = Cooperative()
    status = Checkpoint(owner=fresh).restore(path)
    inner = Cooperative()
    fresh.inner = inner  # pending "owner/inner" attaches; its "v" is pending in turn
    assert DEFERRED_HOOKS_ATTRIBUTE in inner.__dict__
    inner.v = tf.Variable([0.0, 0.0])
    np.testing.assert_array_equal(inner.v.numpy(), [1.0, 2.0])  # no sweep was needed
    # Everything is restored: the hooks are gone and the saved values released.
    assert DEFERRED_HOOKS_ATTRIBUTE not in inner.__dict__
    assert DEFERRED_HOOKS_ATTRIBUTE not in fresh.__dict__
    assert status._restoration.pending == {}
    status.assert_consumed()


def test_an_object_added_to_the_checkpoint_later_is_restored_at_once(tmp_path):
    v = tf.Variable(3.0)
    path = Checkpoint(v=v).write(tmp_path / "late")
    checkpoint = Checkpoint()
    checkpoint.restore(path)
    w = tf.Variable(0.0)
    checkpoint.v = w  # Checkpoint itself calls the hook
    assert float(w) == 3.0


def test_a_later_save_sweeps_pending_values_first(tmp_path):
    layer, _, path = _trained(tmp_path)
    fresh = LazyDense(2)
    checkpoint = Checkpoint(layer=fresh)
    checkpoint.restore(path)
    fresh(tf.ones((1, 3)))
    second = checkpoint.write(tmp_path / "again")
    np.testing.assert_array_equal(tf.train.load_variable(second, "layer/kernel"), layer.kernel.numpy())


def test_run_restore_ops_sweeps(tmp_path):
    layer, _, path = _trained(tmp_path)
    fresh = LazyDense(2)
    status = Checkpoint(layer=fresh).restore(path)
    fresh(tf.ones((1, 3)))
    status.run_restore_ops()
    np.testing.assert_array_equal(fresh.kernel.numpy(), layer.kernel.numpy())
