"""tf.random: random tensors and seeds. Re-exports only."""

from .ops.random import (  # noqa: F401
    categorical,
    normal,
    set_seed,
    shuffle,
    truncated_normal,
    uniform,
)
