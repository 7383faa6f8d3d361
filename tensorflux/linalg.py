"""tf.linalg: matrix products and linear algebra. Re-exports only."""

from .ops.array import (  # noqa: F401
    eye,
)
from .ops.clip import (  # noqa: F401
    global_norm,
)
from .ops.linalg import (  # noqa: F401
    adjoint,
    band_part,
    cholesky,
    det,
    diag,
    diag_part,
    einsum,
    inv,
    logdet,
    matmul,
    matrix_transpose,
    matvec,
    norm,
    set_diag,
    slogdet,
    solve,
    tensordot,
    trace,
)
from .ops.nn import (  # noqa: F401
    l2_normalize,
)
