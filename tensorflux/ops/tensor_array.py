"""``tf.TensorArray``: a list of tensors written one at a time, stacked at the end.

Writes return the array (as TF's do). Elements live in a Python list, so a TensorArray works
eagerly and in traced code whose indices are known while tracing (Python loops); it is not a
``tf.while_loop`` variable.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import as_input
from . import array as array_ops


class TensorArray:
    """A growable list of same-dtype tensors.

    >>> import tensorflux as tf
    >>> ta = tf.TensorArray(tf.float32, size=2)
    >>> ta = ta.write(0, 1.0).write(1, 2.0)
    >>> ta.stack().numpy()
    array([1., 2.], dtype=float32)
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None, colocate_with_first_write_call=True,
                 name=None):
        self._dtype = dtypes.as_dtype(dtype)
        self._size = 0 if size is None else int(size)
        self._dynamic = bool(dynamic_size)
        self._items: dict[int, object] = {}
        self._element_shape = element_shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def dynamic_size(self) -> bool:
        return self._dynamic

    @property
    def element_shape(self):
        return self._element_shape

    def size(self, name=None):
        return as_input(max(self._size, max(self._items, default=-1) + 1), dtypes.int32)

    def _index(self, index) -> int:
        i = int(index)
        limit = len(self)
        if i < 0 or (i >= limit and not self._dynamic):
            raise InvalidArgumentError(f"Tried to write to index {i} but array is not resizeable and size is: {limit}")
        return i

    def __len__(self) -> int:
        return max(self._size, max(self._items, default=-1) + 1)

    def write(self, index, value, name=None) -> TensorArray:
        value = as_input(value, self._dtype)
        if value.dtype is not self._dtype:
            raise InvalidArgumentError(f"TensorArray dtype is {self._dtype.name} but Op is trying to write dtype "
                                       f"{value.dtype.name}")
        self._items[self._index(index)] = value
        return self

    def read(self, index, name=None):
        i = int(index)
        if i not in self._items:
            raise InvalidArgumentError(f"Could not read from TensorArray index {i} because it has not yet been "
                                       "written to.")
        return self._items[i]

    def gather(self, indices, name=None):
        return array_ops.stack([self.read(i) for i in indices])

    def stack(self, name=None):
        """The elements stacked along a new first axis."""
        if not self._items:
            shape = [0] + (list(self._element_shape) if self._element_shape is not None else [])
            return array_ops.zeros(shape, self._dtype)
        return array_ops.stack([self.read(i) for i in range(len(self))])

    def concat(self, name=None):
        return array_ops.concat([self.read(i) for i in range(len(self))], axis=0)

    def unstack(self, value, name=None) -> TensorArray:
        for i, t in enumerate(array_ops.unstack(as_input(value, self._dtype))):
            self._items[i] = t
        self._size = max(self._size, len(self._items))
        return self

    def scatter(self, indices, value, name=None) -> TensorArray:
        for i, t in zip(indices, array_ops.unstack(as_input(value, self._dtype))):
            self.write(i, t)
        return self

    def close(self, name=None):
        self._items.clear()
