"""``Merge``: the base of the layers that combine a list of tensors elementwise (Add, Multiply, …)."""

from __future__ import annotations

import tensorflux as tf

from ..layer import Layer


class Merge(Layer):
    """Checks that the shapes broadcast (batch sizes equal) and applies ``_merge_function``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _merge_function(self, inputs):
        raise NotImplementedError

    @staticmethod
    def _elementwise_shape(shape1, shape2):
        """The broadcast shape of two shapes without their batch axis (``None`` if either is unknown)."""
        if None in (shape1, shape2):
            return None
        if len(shape1) < len(shape2):
            return Merge._elementwise_shape(shape2, shape1)
        if not shape2:
            return tuple(shape1)
        out = list(shape1[: -len(shape2)])
        for i, j in zip(shape1[-len(shape2):], shape2):
            if i is None or j is None:
                out.append(None)
            elif i == 1:
                out.append(j)
            elif j == 1 or i == j:
                out.append(i)
            else:
                raise ValueError(f"Inputs have incompatible shapes. Received shapes {tuple(shape1)} and "
                                 f"{tuple(shape2)}")
        return tuple(out)

    def build(self, input_shape):
        if not isinstance(input_shape[0], (tuple, list)):
            raise ValueError("A merge layer should be called on a list of inputs. Received: "  # noqa: TRY004
                             f"input_shape={input_shape} (not a list of shapes)")
        if len(input_shape) < 1:
            raise ValueError(f"A merge layer should be called on a list of at least 1 input. Received "
                             f"{len(input_shape)} inputs. Full input_shape received: {input_shape}")
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(f"Cannot merge tensors with different batch sizes. Received tensors with shapes "
                             f"{input_shape}")
        output_shape = None if input_shape[0] is None else input_shape[0][1:]
        for shape in input_shape[1:]:
            output_shape = self._elementwise_shape(output_shape, None if shape is None else shape[1:])
        self._reshape_required = not (None not in input_shape and len(set(map(len, input_shape))) == 1)

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"A merge layer should be called on a list of inputs. Received: inputs={inputs} (not a "  # noqa: TRY004
                             "list of tensors)")
        if getattr(self, "_reshape_required", False):
            ranks = [x.shape.rank for x in inputs]
            target = max(ranks)
            expanded = []
            for x, rank in zip(inputs, ranks):
                for _ in range(target - rank):
                    x = tf.expand_dims(x, axis=1)
                expanded.append(x)
            return self._merge_function(expanded)
        return self._merge_function(inputs)

    def compute_output_shape(self, input_shape):
        output_shape = None if input_shape[0] is None else input_shape[0][1:]
        for shape in input_shape[1:]:
            output_shape = self._elementwise_shape(output_shape, None if shape is None else shape[1:])
        batch_sizes = {s[0] for s in input_shape if s is not None} - {None}
        batch = batch_sizes.pop() if len(batch_sizes) == 1 else None
        return (batch,) + tuple(output_shape)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self) -> dict:
        return super().get_config()
