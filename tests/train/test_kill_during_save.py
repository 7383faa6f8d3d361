"""A process killed (SIGKILL) in the middle of a save leaves the previous checkpoint loadable."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.train.atomic import TEMPORARY_MARKER

_SIZE = 8_000_000  # float32 values: a 32 MB file, long enough to be caught half-written

_CHILD = textwrap.dedent("""
    import sys
    import numpy as np
    import tensorflux as tf

    directory, use_manager, size = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3])
    v = tf.Variable(np.ones(size, np.float32))
    checkpoint = tf.train.Checkpoint(v=v)
    manager = tf.train.CheckpointManager(checkpoint, directory, max_to_keep=2)
    save = manager.save if use_manager else (lambda: checkpoint.write(directory + "/model"))
    save()
    print("first save done", flush=True)
    step = 1.0
    while True:  # saves until killed; every file holds one constant value, never 0
        step += 1.0
        _ = v.assign(np.full(size, step, np.float32))
        save()
""")


def _kill_in_the_middle_of_a_save(directory, use_manager):
    process = subprocess.Popen([sys.executable, "-c", _CHILD, str(directory), "1" if use_manager else "0",
                                str(_SIZE)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "first save done", process.stderr.read()
        deadline = time.monotonic() + 60
        while not _half_written(directory):
            assert time.monotonic() < deadline, "the child never started a second save"
            assert process.poll() is None, process.stderr.read()
            time.sleep(0.001)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL


def _half_written(directory) -> bool:
    """Whether a save is under way and has written a good part of its data."""
    for name in os.listdir(directory):
        if TEMPORARY_MARKER in name:
            try:
                if os.path.getsize(os.path.join(directory, name)) >= _SIZE:  # a quarter of the data
                    return True
            except FileNotFoundError:  # renamed meanwhile
                pass
    return False


def _check_loads(path):
    w = tf.Variable(np.full(_SIZE, -1.0, np.float32))
    tf.train.Checkpoint(v=w).read(path).assert_existing_objects_matched()
    values = w.numpy()
    assert values[0] >= 1.0  # not space allocated but never written
    assert np.all(values == values[0])  # one whole save, never a mix of two


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killed_write_leaves_the_previous_file_loadable(tmp_path):
    _kill_in_the_middle_of_a_save(tmp_path, use_manager=False)
    assert any(TEMPORARY_MARKER in name for name in os.listdir(tmp_path))  # it really was caught mid-write
    _check_loads(str(tmp_path / "model"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killed_manager_save_leaves_latest_checkpoint_loadable(tmp_path):
    _kill_in_the_middle_of_a_save(tmp_path, use_manager=True)
    latest = tf.train.latest_checkpoint(tmp_path)
    assert latest is not None
    _check_loads(latest)
