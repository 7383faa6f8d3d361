"""``tf.keras`` / ``from tensorflux import keras``: Keras 3's API on tensorflux's engine."""

from . import (  # noqa: F401
    activations,
    backend,
    config,
    constraints,
    initializers,
    layers,
    models,
    random,
    regularizers,
    saving,
    utils,
)
from .dtype_policies import DTypePolicy  # noqa: F401
from .graph.keras_tensor import KerasTensor  # noqa: F401
from .graph.operation import Operation  # noqa: F401
from .initializers import Initializer  # noqa: F401
from .layers import Input, InputSpec, Layer  # noqa: F401
from .models import Model, Sequential  # noqa: F401
from .name_scope import name_scope  # noqa: F401
from .regularizers import Regularizer  # noqa: F401
from .variables import Variable  # noqa: F401

__version__ = "3.15.1"
_LAZY = ("optimizers", "losses", "metrics", "callbacks", "datasets", "applications", "preprocessing", "ops",
         "mixed_precision", "dtype_policies")


def __getattr__(name):
    """Sub-packages written by the issues after this one load on first use."""
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'tensorflux.keras' has no attribute '{name}'")
