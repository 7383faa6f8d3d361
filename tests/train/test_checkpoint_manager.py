"""tf.train.CheckpointManager and the directory's `checkpoint` state file."""

import os

import pytest

import tensorflux as tf
from tensorflux.train import Checkpoint, CheckpointManager, checkpoint_manager


def _files(directory):
    return sorted(os.listdir(directory))


def test_keeps_the_newest_max_to_keep(tmp_path):
    checkpoint = Checkpoint(v=tf.Variable(1.0))
    manager = CheckpointManager(checkpoint, tmp_path, max_to_keep=2)
    assert manager.latest_checkpoint is None and manager.checkpoints == []
    paths = [manager.save() for _ in range(3)]
    assert paths == [str(tmp_path / f"ckpt-{i}") for i in (1, 2, 3)]
    assert manager.checkpoints == paths[1:]
    assert manager.latest_checkpoint == paths[-1]
    assert _files(tmp_path) == ["checkpoint", "ckpt-2.h5", "ckpt-3.h5"]
    assert tf.train.latest_checkpoint(tmp_path) == paths[-1]
    state = tf.train.get_checkpoint_state(tmp_path)
    assert state.all_model_checkpoint_paths == paths[1:]
    assert len(state.all_model_checkpoint_timestamps) == 2


def test_a_new_manager_carries_on_in_the_same_directory(tmp_path):
    checkpoint = Checkpoint(v=tf.Variable(1.0))
    first = CheckpointManager(checkpoint, tmp_path, max_to_keep=2)
    first.save()
    first.save()
    second = CheckpointManager(checkpoint, tmp_path, max_to_keep=2)
    assert second.checkpoints == first.checkpoints
    assert second.latest_checkpoint == first.latest_checkpoint
    second.save()
    assert _files(tmp_path) == ["checkpoint", "ckpt-2.h5", "ckpt-3.h5"]


def test_checkpoint_number_names_the_file_and_the_counter_still_counts(tmp_path):
    checkpoint = Checkpoint(v=tf.Variable(1.0))
    manager = CheckpointManager(checkpoint, tmp_path, max_to_keep=None, checkpoint_name="model")
    assert manager.save(checkpoint_number=10) == str(tmp_path / "model-10")
    assert manager.save(checkpoint_number=tf.Variable(20, dtype=tf.int64)) == str(tmp_path / "model-20")
    assert int(checkpoint.save_counter.numpy()) == 2
    assert manager.save() == str(tmp_path / "model-3")
    assert len(manager.checkpoints) == 3  # max_to_keep=None keeps everything


def test_resaving_a_number_moves_it_to_the_end(tmp_path):
    manager = CheckpointManager(Checkpoint(v=tf.Variable(1.0)), tmp_path, max_to_keep=3)
    for n in (1, 2, 1):
        manager.save(checkpoint_number=n)
    assert manager.checkpoints == [str(tmp_path / "ckpt-2"), str(tmp_path / "ckpt-1")]


def test_checkpoint_interval_needs_a_step_counter(tmp_path):
    with pytest.raises(ValueError, match="`step_counter` should be passed if `checkpoint_interval` is not None."):
        CheckpointManager(Checkpoint(), tmp_path, max_to_keep=1, checkpoint_interval=5)


def test_checkpoint_interval_skips_saves_until_enough_steps(tmp_path):
    step = tf.Variable(0, dtype=tf.int64)
    manager = CheckpointManager(Checkpoint(step=step), tmp_path, max_to_keep=None, step_counter=step,
                                checkpoint_interval=5)
    saved = []
    for _ in range(12):
        saved.append(manager.save() is not None)
        _ = step.assign_add(1)
    assert [i for i, s in enumerate(saved) if s] == [0, 5, 10]
    assert manager.save(check_interval=False) is not None  # step 12: forced
    assert manager.save(check_interval=False) is None  # the same step twice never saves


def test_max_to_keep_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="Expected a positive integer or `None` for `max_to_keep`, got 0."):
        CheckpointManager(Checkpoint(), tmp_path, max_to_keep=0)


def test_keep_checkpoint_every_n_hours_preserves_old_checkpoints(tmp_path, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(checkpoint_manager.time, "time", lambda: clock[0])
    manager = CheckpointManager(Checkpoint(v=tf.Variable(1.0)), tmp_path, max_to_keep=1,
                                keep_checkpoint_every_n_hours=1)
    for _ in range(4):
        clock[0] += 1800.0  # half an hour between saves
        manager.save()
    # ckpt-1 (0.5 h after start) is too young; ckpt-2 (1 h) is preserved; ckpt-3 is deleted.
    assert _files(tmp_path) == ["checkpoint", "ckpt-2.h5", "ckpt-4.h5"]
    assert manager.checkpoints == [str(tmp_path / "ckpt-4")]


def test_restore_or_initialize(tmp_path):
    v = tf.Variable(1.0)
    calls = []
    manager = CheckpointManager(Checkpoint(v=v), tmp_path, max_to_keep=1, init_fn=lambda: calls.append(1))
    assert manager.restore_or_initialize() is None and calls == [1]
    path = manager.save()
    _ = v.assign(9.0)
    again = CheckpointManager(Checkpoint(v=v), tmp_path, max_to_keep=1, init_fn=lambda: calls.append(2))
    assert again.restore_or_initialize() == path
    assert float(v) == 1.0 and calls == [1]


def test_latest_checkpoint_without_a_state_or_without_the_file(tmp_path):
    assert tf.train.latest_checkpoint(tmp_path) is None
    assert tf.train.latest_checkpoint(tmp_path / "missing") is None
    path = Checkpoint(v=tf.Variable(1.0)).save(tmp_path / "c")
    os.remove(path + ".h5")
    assert tf.train.latest_checkpoint(tmp_path) is None


def test_a_damaged_state_file_is_ignored(tmp_path):
    (tmp_path / "checkpoint").write_text("model_checkpoint_path: not quoted\n")
    assert tf.train.get_checkpoint_state(tmp_path) is None
    assert CheckpointManager(Checkpoint(), tmp_path, max_to_keep=1).latest_checkpoint is None


def test_checkpoints_iterator_yields_the_newest_and_stops_at_timeout(tmp_path):
    path = Checkpoint(v=tf.Variable(1.0)).save(tmp_path / "it")
    assert list(tf.train.checkpoints_iterator(tmp_path, timeout=0)) == [path]


def test_list_variables_of_a_directory_reads_its_newest(tmp_path):
    checkpoint = Checkpoint(v=tf.Variable([1.0, 2.0]))
    CheckpointManager(checkpoint, tmp_path, max_to_keep=1).save()
    assert tf.train.list_variables(tmp_path) == [("save_counter", []), ("v", [2])]
