"""tf.config.threading: one thread count for the compiled kernels and for BLAS."""

import subprocess
import sys

import pytest

import tensorflux as tf
from tensorflux.framework import threads


@pytest.fixture
def restore_threads():
    yield
    tf.config.threading.set_intra_op_parallelism_threads(0)
    tf.config.threading.set_inter_op_parallelism_threads(0)


def _blas_threads():
    from threadpoolctl import threadpool_info

    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_defaults_are_zero_as_in_tf_and_mean_every_core():
    assert tf.config.threading.get_intra_op_parallelism_threads() == 0
    assert tf.config.threading.get_inter_op_parallelism_threads() == 0
    assert threads.intra_op_threads() == threads.available_cores() >= 1


def test_the_setting_reaches_numba_and_blas_stays_on_one_thread(restore_threads):
    # (OpenBLAS's idle threads spin after each product and would take a core from the kernels)
    import numba
    import numpy as np

    tf.nn.relu(tf.constant(np.ones(1 << 18, np.float32)))  # loads the compiled kernels (and Numba)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    assert tf.config.threading.get_intra_op_parallelism_threads() == 1
    assert numba.get_num_threads() == 1 and _blas_threads() == {1}
    tf.config.threading.set_intra_op_parallelism_threads(0)
    cores = min(threads.available_cores(), numba.config.NUMBA_NUM_THREADS)
    assert numba.get_num_threads() == cores and _blas_threads() == {1}


def test_a_count_set_before_numba_loads_applies_when_it_does_and_blas_gets_one_thread():
    code = ("import tensorflux as tf, numpy as np, sys; tf.config.threading.set_intra_op_parallelism_threads(1); "
            "assert 'numba' not in sys.modules; tf.nn.relu(tf.constant(np.ones(1 << 18, np.float32))); "
            "import numba, threadpoolctl; print(numba.get_num_threads(), "
            "{p['num_threads'] for p in threadpoolctl.threadpool_info() if 'numpy' in p['filepath']})")  # NumPy's BLAS
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "1 {1}"


def test_inter_op_threads_are_stored(restore_threads):
    tf.config.threading.set_inter_op_parallelism_threads(3)
    assert tf.config.threading.get_inter_op_parallelism_threads() == 3


@pytest.mark.parametrize("bad", [-1, 1.5, "2", True, None])
def test_a_count_that_is_no_non_negative_integer_is_refused(bad, restore_threads):
    with pytest.raises(ValueError, match="non-negative integer"):
        tf.config.threading.set_intra_op_parallelism_threads(bad)
    with pytest.raises(ValueError, match="non-negative integer"):
        tf.config.threading.set_inter_op_parallelism_threads(bad)
    assert tf.config.threading.get_intra_op_parallelism_threads() == 0


def test_compiled_kernels_may_run_from_several_python_threads_at_once():
    # tf.data's map runs on worker threads beside the training step; Numba's workqueue pool would
    # abort the process if two threads entered it together, so the parallel kernels take turns
    code = """
import threading, numpy as np, tensorflux as tf
x = tf.constant(np.random.default_rng(0).random(1 << 19, dtype=np.float32))
def work():
    for _ in range(50):
        tf.nn.relu(x)
        tf.nn.max_pool2d(tf.reshape(x, (8, 256, 256, 1)), 2, 2, "VALID")
threads = [threading.Thread(target=work) for _ in range(3)]
[t.start() for t in threads]
[t.join() for t in threads]
import numba
print(numba.threading_layer())
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "workqueue"
