"""What several optimizers share."""

import tensorflux as tf


def step_power(optimizer, beta, dtype):
    """``beta ** (iterations + 1)`` in the variable's dtype (Adam's bias corrections)."""
    local_step = tf.cast(optimizer.iterations + 1, dtype)
    return tf.pow(tf.cast(beta, dtype), local_step)
