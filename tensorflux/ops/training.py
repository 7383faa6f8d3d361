"""Fused optimizer updates (TF's ``training_ops``): one kernel per variable instead of a dozen
elementwise ops, each of which would allocate a temporary the size of the weights.

The arithmetic is the optimizer's own, in the same order, so results are bit-identical to the
op-by-op update; variables are written through ``Variable._store`` (in place unless shared).
"""

from __future__ import annotations

import numpy as np

from ..framework.primitive import NOT_DIFFERENTIABLE, declare


def _apply_adam(grad, alpha, *, var, m, v, beta_1, beta_2, epsilon):
    one = grad.dtype.type
    delta = grad - m._value
    delta *= one(1 - beta_1)
    m._store(delta, "add")  # m += (g - m) * (1 - beta_1)
    np.multiply(grad, grad, out=delta)
    delta -= v._value
    delta *= one(1 - beta_2)
    v._store(delta, "add")  # v += (g² - v) * (1 - beta_2)
    denominator = np.sqrt(v._value)
    denominator += one(epsilon)
    np.multiply(m._value, alpha, out=delta)
    delta /= denominator
    var._store(delta, "sub")  # var -= m * alpha / (sqrt(v) + epsilon)
    return np.zeros((0,), grad.dtype)


APPLY_ADAM = declare("ResourceApplyAdam", _apply_adam, lambda grad, alpha, **attrs: ((0,), grad.dtype),
                     NOT_DIFFERENTIABLE, stateful=True)


def _apply_rms_prop(grad, lr, *, var, velocity, rho, epsilon):
    one = grad.dtype.type
    square = np.multiply(grad, grad)
    square *= one(1 - rho)
    average = np.multiply(velocity._value, one(rho))
    average += square
    velocity._store(average, "assign")  # velocity = rho * velocity + (1 - rho) * g²
    np.add(velocity._value, one(epsilon), out=square)
    np.sqrt(square, out=square)
    increment = np.multiply(lr, grad)
    increment /= square
    var._store(increment, "sub")  # var -= lr * g / sqrt(velocity + epsilon)
    return np.zeros((0,), grad.dtype)


APPLY_RMS_PROP = declare("ResourceApplyRMSProp", _apply_rms_prop, lambda grad, lr, **attrs: ((0,), grad.dtype),
                         NOT_DIFFERENTIABLE, stateful=True)
