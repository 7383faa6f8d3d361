"""tf.linalg: matrix products and linear algebra. Re-exports only."""

from .ops.array import (  # noqa: F401
    eye,
)
from .ops.clip import (  # noqa: F401
    global_norm,
)
from .ops.linalg import (  # noqa: F401
    matmul,
)
from .ops.nn import (  # noqa: F401
    l2_normalize,
)
