"""Floor 2: every op users call, grouped like TF's modules. Importing it registers the primitives."""

from . import array, clip, linalg, math, nn, random, reduce, shapes, logging  # noqa: F401
