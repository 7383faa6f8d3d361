"""A writer killed by SIGKILL leaves every record it completed readable, by our reader and by
TensorBoard's (which also skips a torn last record)."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util

from tensorflux.summary.records import read_records

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = textwrap.dedent("""
    import sys
    import numpy as np
    import tensorflux as tf

    writer = tf.summary.create_file_writer(sys.argv[1], max_queue=10**9, flush_millis=10**9)  # never fsync
    image = np.random.default_rng(0).integers(0, 256, (1, 64, 64, 3), dtype=np.uint8)
    with writer.as_default():
        for step in range(10**9):
            tf.summary.scalar("step", float(step), step=step)
            tf.summary.image("image", image, step=step)  # large records: a kill may land inside one
            print(step, flush=True)
""")


def tensor_steps(logdir, tag):
    accumulator = EventAccumulator(str(logdir), size_guidance={"tensors": 0})
    accumulator.Reload()
    return [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in accumulator.Tensors(tag)]


@pytest.mark.parametrize("kill_after", [5, 60])
def test_sigkill_leaves_completed_records_readable(tmp_path, kill_after):
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        for line in child.stdout:
            if int(line) >= kill_after:
                break
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    (path,) = tmp_path.glob("events.out.tfevents.*")
    records = read_records(path, allow_partial_tail=True)
    scalars = tensor_steps(tmp_path, "step")
    assert len(scalars) >= kill_after + 1  # every summary call that returned before the kill
    assert [step for step, _ in scalars] == list(range(len(scalars)))
    assert all(float(value) == step for step, value in scalars)
    assert len(records) - 1 in (2 * len(scalars) - 1, 2 * len(scalars))  # file version + whole pairs (+ a scalar)


def test_torn_last_record_is_skipped_by_tensorboard(tmp_path):
    import tensorflux as tf

    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        for step in range(3):
            tf.summary.scalar("x", float(step), step=step)
    (path,) = tmp_path.glob("events.out.tfevents.*")
    path.write_bytes(path.read_bytes()[:-7])  # as if killed in the middle of writing the last record
    assert len(read_records(path, allow_partial_tail=True)) == 3
    assert [step for step, _ in tensor_steps(tmp_path, "x")] == [0, 1]
