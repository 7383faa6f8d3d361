"""tf.nn: activations, softmax, cross-entropies, normalisation, dropout. Re-exports only."""

from .ops.array import (  # noqa: F401
    top_k,
)
from .ops.math import (  # noqa: F401
    sigmoid,
    softplus,
    softsign,
    tanh,
)
from .ops.nn import (  # noqa: F401
    batch_normalization,
    bias_add,
    dropout,
    elu,
    gelu,
    l2_loss,
    l2_normalize,
    leaky_relu,
    log_softmax,
    moments,
    relu,
    relu6,
    selu,
    sigmoid_cross_entropy_with_logits,
    silu,
    softmax,
    softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits,
    swish,
    weighted_cross_entropy_with_logits,
)
