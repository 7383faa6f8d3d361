"""tf.nn: activations, softmax, cross-entropies, normalisation, dropout, convolution, pooling. Re-exports only."""

from .ops.array import (  # noqa: F401
    top_k,
)
from .ops.conv import (  # noqa: F401
    atrous_conv2d,
    atrous_conv2d_transpose,
    conv1d,
    conv1d_transpose,
    conv2d,
    conv2d_transpose,
    conv3d,
    conv3d_transpose,
    conv_transpose,
    convolution,
    depthwise_conv2d,
    depthwise_conv2d_backprop_filter,
    depthwise_conv2d_backprop_input,
    separable_conv2d,
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
from .ops.normalization import (  # noqa: F401
    local_response_normalization,
    lrn,
)
from .ops.pool import (  # noqa: F401
    avg_pool,
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
    max_pool,
    max_pool1d,
    max_pool2d,
    max_pool3d,
    pool,
)
