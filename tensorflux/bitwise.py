"""tf.bitwise: bitwise operations on integers. Re-exports only."""

from .ops.math import bitwise_and, bitwise_or, bitwise_xor, invert  # noqa: F401
