"""What the compiled kernels' tests share."""

import pytest

import tensorflux as tf


@pytest.fixture
def thread_count():
    """Sets tensorflux's thread count for a test; back to every core (0) afterwards."""
    yield tf.config.threading.set_intra_op_parallelism_threads
    tf.config.threading.set_intra_op_parallelism_threads(0)
