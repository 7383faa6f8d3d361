"""Floor 2: every op users call, grouped like TF's modules. Importing it registers the primitives."""

from . import array, clip, control_flow, conv, linalg, logging, math, nn, normalization, pool, random, reduce, resize  # noqa: F401
from . import fusion, shapes, tensor_array, training  # noqa: F401
