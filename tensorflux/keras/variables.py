"""``keras.Variable``: a ``tf.Variable`` with Keras' name, path, initializer, regularizer, constraint.

Because it *is* a ``tf.Variable``, tapes watch it, tf ops read it and optimizers update it in
place. What Keras 3 changes is kept: ``name`` is the bare name (``kernel``), ``path`` says where
it lives (``sequential/dense/kernel``), ``trainable`` can be set, ``value`` is a property.
"""

from __future__ import annotations

import numpy as np

from ..framework.primitive import convert_to_tensor, read_variable
from ..framework.variable import Variable as TFVariable
from .api_export import keras_export
from .name_scope import current_path
from .utils.dtype_utils import standardize_dtype, standardize_shape
from .utils.eager import init_scope
from .utils.naming import auto_name


@keras_export(["keras.Variable", "keras.backend.Variable"])
class Variable(TFVariable):
    """A Keras variable: created from an initializer (and a shape) or from a value.

    >>> from tensorflux import keras
    >>> v = keras.Variable(initializer="ones", shape=(2,), name="w")
    >>> v.name, v.path, v.numpy()
    ('w', 'w', array([1., 1.], dtype=float32))
    """

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, autocast=True, aggregation="none",
                 synchronization="auto", name=None, **kwargs):
        name = name or auto_name(self.__class__.__name__)
        if not isinstance(name, str) or "/" in name:
            raise ValueError("Argument `name` must be a string and cannot contain character `/`. "
                             f"Received: name={name}")
        parent = current_path()
        self._keras_name = name
        self._path = f"{parent}/{name}" if parent else name
        self.regularizer = None
        self.autocast = bool(autocast)
        self.aggregation = "none" if aggregation is None else aggregation
        self.synchronization = "none" if synchronization is None else synchronization
        self.overwrite_with_gradient = False
        if isinstance(initializer, str):
            from . import initializers

            initializer = initializers.get(initializer)
        with init_scope():
            if callable(initializer):
                if shape is None:
                    raise ValueError("When creating a Variable from an initializer, the `shape` argument should be "
                                     f"specified. Received: initializer={initializer} and shape={shape}")
                shape = standardize_shape(shape)
                if None in shape:
                    raise ValueError("Shapes used to initialize variables must be fully-defined (no `None` "
                                     f"dimensions). Received: shape={shape} for variable path='{self._path}'")
                value = initializer(shape, dtype=standardize_dtype(dtype))
            else:
                value = initializer
            tensor = convert_to_tensor(value, dtype=None if dtype is None else standardize_dtype(dtype))
        super().__init__(tensor, trainable=trainable, name=name)

    @property
    def name(self) -> str:
        return self._keras_name

    @property
    def path(self) -> str:
        return self._path

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value) -> None:
        self._trainable = bool(value)

    @property
    def value(self):
        """The current value, as a tensor (a read the tape records)."""
        return read_variable(self)

    def __repr__(self) -> str:
        value = np.asarray(self.numpy())
        return f"<Variable path={self._path}, shape={tuple(self.shape.as_list())}, dtype={self.dtype.name}, " \
               f"value={value}>"

    def __deepcopy__(self, memo):
        copy = Variable(self.numpy(), trainable=self._trainable, name=self._keras_name)
        copy._path = self._path
        memo[id(self)] = copy
        return copy
