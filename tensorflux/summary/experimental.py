"""``tf.summary.experimental``: the default step, summary scopes and raw ``Summary`` protos."""

from .state import get_step, set_step, summary_scope  # noqa: F401
from .write import write_raw_pb  # noqa: F401
