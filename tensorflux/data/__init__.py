"""``tf.data``: input pipelines that stream data to training without holding it all in memory.

    import tensorflux as tf
    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32).prefetch(tf.data.AUTOTUNE)
    for xb, yb in ds: ...

Pipelines run in Python on NumPy arrays: ``map`` functions run eagerly per element (on a thread
pool with ``num_parallel_calls``), ``prefetch`` computes ahead on a background thread. See
``dataset.py`` for the API and the module of each transformation for how it works.
"""

from . import experimental  # noqa: F401
from .cardinality import INFINITE as INFINITE_CARDINALITY  # noqa: F401
from .cardinality import UNKNOWN as UNKNOWN_CARDINALITY  # noqa: F401
from .dataset import Dataset  # noqa: F401
from .iterator import Iterator, NumpyIterator  # noqa: F401
from .options import AUTOTUNE, Options, ThreadingOptions  # noqa: F401
from .structure import DatasetSpec  # noqa: F401
from .text import TextLineDataset  # noqa: F401
