"""``keras.metrics.Metric``: state (variables) updated batch by batch, and a ``result``."""

from __future__ import annotations

import tensorflux as tf

from ..api_export import keras_export
from ..utils.naming import auto_name
from ..variables import Variable


@keras_export(["keras.Metric", "keras.metrics.Metric"])
class Metric:
    """Base class: subclasses create variables in ``__init__`` and define ``update_state``/``result``.

    >>> from tensorflux import keras
    >>> m = keras.metrics.Mean()
    >>> m.update_state([1.0, 3.0])
    >>> float(m.result())
    2.0
    """

    def __init__(self, dtype=None, name=None):
        self.name = name or auto_name(self.__class__.__name__)
        self._dtype = dtype or "float32"
        self._variables = []

    @property
    def dtype(self):
        return self._dtype

    @property
    def variables(self) -> list:
        return list(self._variables)

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="sum", name=None):
        variable = Variable(initializer, shape=tuple(shape), dtype=dtype or self._dtype, trainable=False,
                            aggregation=aggregation, name=name or "variable")
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        return self.add_variable(shape, initializer=initializer or "zeros", dtype=dtype, name=name)

    def update_state(self, *args, **kwargs):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self):
        for v in self._variables:
            v.assign(tf.zeros(v.shape, dtype=v.dtype))

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} name={self.name}>"
