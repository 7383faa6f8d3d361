"""What a convolution kernel may apply to its output before writing it: ``clamp(y * scale + shift)``.

The tf.function pass of ``fusion.py`` hands it to a convolution whose output only a bias, an
inference batch norm and a ReLU/ReLU6 read; kernels apply it to each piece of output while it is
still in cache (compiled: ``kernels/epilogue.py``), or, on other paths, to the whole output.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..framework.backend import get_array_module


class Epilogue(NamedTuple):
    scale: np.ndarray  # [C], the output's dtype
    shift: np.ndarray  # [C]
    low: np.generic  # scalars of the output's dtype (-inf / inf: no clamp)
    high: np.generic


def apply(out, epilogue: Epilogue | None):
    """``out`` with the epilogue applied in place, by array ops (the path for CuPy and other dtypes)."""
    if epilogue is None:
        return out
    xp = get_array_module(out)
    scale, shift = (xp.asarray(v).astype(out.dtype, copy=False) for v in epilogue[:2])
    xp.multiply(out, scale, out=out)
    xp.add(out, shift, out=out)
    if epilogue.low > -np.inf or epilogue.high < np.inf:
        xp.clip(out, epilogue.low, epilogue.high, out=out)
    return out
