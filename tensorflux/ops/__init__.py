"""Floor 2: every op users call, grouped like TF's modules. Importing it registers the primitives."""

from . import array, clip, control_flow, linalg, logging, math, nn, random, reduce, shapes, tensor_array  # noqa: F401
