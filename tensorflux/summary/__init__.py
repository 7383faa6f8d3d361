"""``tf.summary``: event files that TensorBoard reads, written without TensorFlow.

    writer = tf.summary.create_file_writer("logs")
    with writer.as_default():
        tf.summary.scalar("loss", loss, step=epoch)

Files are named and framed as TensorFlow writes them (``events.out.tfevents.<time>.<host>.<pid>.<n>.v2``,
TFRecords with masked CRC-32C); summaries are TF2 tensor summaries with the plugin metadata of
TensorBoard's scalars, histograms, images, text and graphs dashboards. Every record reaches the
operating system as soon as it is made, so a killed process loses nothing it had written.
"""

from . import experimental  # noqa: F401
from .histogram import histogram  # noqa: F401
from .image import image  # noqa: F401
from .scalar import scalar  # noqa: F401
from .state import record_if, should_record_summaries  # noqa: F401
from .text import text  # noqa: F401
from .trace import graph, trace_export, trace_off, trace_on  # noqa: F401
from .write import write  # noqa: F401
from .writer import SummaryWriter, create_file_writer, create_noop_writer, flush  # noqa: F401
