"""tf.errors: TensorFlow's error classes. Re-exports only."""

from .framework.errors import *  # noqa: F401, F403
from .framework.errors import OperatorNotAllowedInGraphError, OpError  # noqa: F401
