"""Dtype policies: the dtype a layer computes in and the dtype of its weights.

``"float32"``, ``"float16"``, ``"bfloat16"`` …: computations and weights in that dtype. Keras'
``"mixed_float16"`` / ``"mixed_bfloat16"`` (16-bit computations, float32 weights cast when read)
need the engine to cast variables as they are read; they raise ``NotImplementedError`` for now.
"""

from __future__ import annotations

from .api_export import keras_export
from .utils.dtype_utils import standardize_dtype

_GLOBAL = {"policy": None}


@keras_export(["keras.DTypePolicy", "keras.dtype_policies.DTypePolicy", "keras.mixed_precision.DTypePolicy",
               "keras.dtype_policies.FloatDTypePolicy", "keras.FloatDTypePolicy"])
class DTypePolicy:
    """A dtype policy for a Keras layer.

    >>> from tensorflux import keras
    >>> p = keras.DTypePolicy("float16")
    >>> p.compute_dtype, p.variable_dtype
    ('float16', 'float16')
    """

    def __init__(self, name=None):
        from . import config

        name = config.floatx() if name is None else name
        if not isinstance(name, str):
            raise TypeError(f"'name' must be a string, such as 'mixed_float16'. Received: name={name} "
                            f"(of type {type(name)})")
        self._name = name
        if name in ("mixed_float16", "mixed_bfloat16"):
            raise NotImplementedError(f"The '{name}' dtype policy (computing in 16 bits with float32 weights) is not "
                                      "supported by tensorflux yet; use a single dtype such as 'float16' or "
                                      "'float32'.")
        else:
            try:
                dtype = standardize_dtype(name)
            except ValueError:
                raise ValueError(f"Cannot convert '{name}' to a mixed precision DTypePolicy. Valid policies include "
                                 "'mixed_float16', 'mixed_bfloat16', and the name of any float dtype such as "
                                 "'float32'.") from None
            self._compute_dtype = self._variable_dtype = dtype

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        return self._compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._variable_dtype

    @property
    def quantization_mode(self):
        return None

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other) -> bool:
        return isinstance(other, DTypePolicy) and other._name == self._name

    def __hash__(self) -> int:
        return hash(self._name)

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'


def get(identifier) -> DTypePolicy:
    """A policy from ``None`` (the global one), a name, a dtype, a config dict or a policy."""
    if identifier is None:
        return global_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    try:
        return DTypePolicy(standardize_dtype(identifier))
    except ValueError:
        raise ValueError(f"Cannot interpret `dtype` argument. Expected a string or an instance of DTypePolicy. "
                         f"Received: dtype={identifier}") from None


def serialize(policy) -> dict:
    from .saving.serialization import serialize_keras_object

    return serialize_keras_object(policy)


def deserialize(config, custom_objects=None) -> DTypePolicy:
    from .saving.serialization import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects=custom_objects)


@keras_export(["keras.config.dtype_policy", "keras.mixed_precision.global_policy"])
def global_policy() -> DTypePolicy:
    policy = _GLOBAL["policy"]
    return policy if policy is not None else DTypePolicy()


@keras_export(["keras.config.set_dtype_policy", "keras.mixed_precision.set_global_policy"])
def set_global_policy(policy) -> None:
    _GLOBAL["policy"] = None if policy is None else get(policy)
