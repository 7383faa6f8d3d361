"""tensorflux: TensorFlow 2 and Keras, rebuilt in readable Python on NumPy.

    import tensorflux as tf
    from tensorflux import keras

This module is the public ``tf`` namespace: re-exports only. Sub-packages that are not needed
to compute with tensors (``tf.keras``, ``tf.data``, ``tf.summary``, ``tf.train``) load on first
use, so that ``import tensorflux`` stays fast.
"""

from . import ops as _ops  # noqa: F401  (registers every primitive)
from .framework import dtypes, nest  # noqa: F401
from .framework.function import function  # noqa: F401
from .framework.dtypes import (  # noqa: F401
    DType,
    as_dtype,
    bfloat16,
    bool,
    complex64,
    complex128,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    string,
    uint8,
    uint16,
    uint32,
    uint64,
)
from .framework.graph import Graph, Operation  # noqa: F401
from .framework.module import Module, name_scope  # noqa: F401
from .framework.primitive import convert_to_tensor, init_scope  # noqa: F401
from .framework.shape import TensorShape, TensorSpec  # noqa: F401
from .framework.tape import GradientTape, UnconnectedGradients, custom_gradient, stop_gradient  # noqa: F401
from .framework.tensor import Tensor, is_tensor_like as is_tensor  # noqa: F401
from .framework.variable import Variable  # noqa: F401
from .ops.array import (  # noqa: F401
    argsort,
    boolean_mask,
    broadcast_to,
    concat,
    constant,
    expand_dims,
    eye,
    fill,
    gather,
    gather_nd,
    identity,
    linspace,
    one_hot,
    ones,
    pad,
    range,
    rank,
    reshape,
    reverse,
    scatter_nd,
    shape,
    size,
    slice,
    sort,
    split,
    squeeze,
    stack,
    strided_slice,
    tensor_scatter_nd_add,
    tensor_scatter_nd_update,
    tile,
    transpose,
    unstack,
    zeros,
)
from .ops.clip import (  # noqa: F401
    clip_by_global_norm,
    clip_by_norm,
)
from .ops.linalg import (  # noqa: F401
    einsum,
    matmul,
    norm,
    tensordot,
)
from .ops.math import (  # noqa: F401
    abs,
    complex,
    acos,
    acosh,
    add,
    add_n,
    asin,
    asinh,
    atan,
    atan2,
    atanh,
    cast,
    clip_by_value,
    cos,
    cosh,
    divide,
    equal,
    exp,
    floor,
    greater,
    greater_equal,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    maximum,
    minimum,
    multiply,
    negative,
    not_equal,
    ones_like,
    pow,
    round,
    scalar_mul,
    sigmoid,
    sign,
    sin,
    sinh,
    sqrt,
    square,
    subtract,
    tan,
    tanh,
    truediv,
    where,
    zeros_like,
)
from .ops.reduce import (  # noqa: F401
    argmax,
    argmin,
    cumsum,
    reduce_all,
    reduce_any,
    reduce_logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
)
from .ops.control_flow import cond, switch_case, while_loop  # noqa: F401
from .ops.logging import tf_print as print  # noqa: F401, A001
from .ops.image_ops import saturate_cast  # noqa: F401
from .ops.py_function import numpy_function, py_function  # noqa: F401
from .ops.tensor_array import TensorArray  # noqa: F401
from . import bitwise, config, errors, linalg, math, nn, random  # noqa: F401, E402

newaxis = None
__version__ = "0.1.0"

_LAZY = ("keras", "data", "summary", "train", "distribute", "saved_model", "io", "image", "experimental")


def __getattr__(name):
    """``tf.keras`` and the other heavy sub-packages load on first use."""
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'tensorflux' has no attribute '{name}'")
