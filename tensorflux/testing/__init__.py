"""Testing helpers: ``check_gradients`` compares tape gradients with finite differences."""

from __future__ import annotations

import numpy as np

__all__ = ["check_gradients", "GradientMismatch"]


class GradientMismatch(AssertionError):
    """The tape's gradient differs from the numerical one."""


def _scalar_projection(f, seed):
    """f's outputs reduced to one number by a fixed random weighting: s(x) = sum(w * f(x))."""
    import tensorflux as tf

    rng = np.random.default_rng(seed)
    weights = {}

    def project(*args):
        outputs = f(*args)
        flat = tf.nest.flatten(outputs)
        total = None
        for i, y in enumerate(flat):
            y = tf.convert_to_tensor(y)
            if not (y.dtype.is_floating or y.dtype.is_complex):
                continue
            if i not in weights:
                weights[i] = rng.uniform(0.5, 1.5, size=tuple(y.shape)).astype(y.dtype.numpy_dtype)
            term = tf.reduce_sum(y * weights[i])
            total = term if total is None else total + term
        if total is None:
            raise ValueError("check_gradients: f returned no floating-point output")
        return total

    return project


def _tape_gradient(scalar_fn, args):
    import tensorflux as tf

    tensors = [tf.constant(a) for a in args]
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        s = scalar_fn(*tensors)
    grads = tape.gradient(s, tensors, unconnected_gradients="zero")
    return [np.asarray(g) for g in grads]


def _numeric_gradient(scalar_fn, args, eps):
    import tensorflux as tf

    grads = []
    for i, a in enumerate(args):
        g = np.zeros_like(a, dtype=np.float64)
        for idx in np.ndindex(*a.shape):
            shifted = []
            for sign in (1, -1):
                moved = [x.copy() for x in args]
                moved[i][idx] += sign * eps
                shifted.append(float(scalar_fn(*[tf.constant(x) for x in moved])))
            g[idx] = (shifted[0] - shifted[1]) / (2 * eps)
        grads.append(g)
    return grads


def check_gradients(f, args, order: int = 2, eps: float = 1e-6, rtol: float = 1e-5, atol: float = 1e-6,
                    seed: int = 0) -> None:
    """Checks ``f``'s tape gradients against central differences, up to ``order`` (in float64).

    ``f`` takes tensors and returns a tensor (or a structure of them). Its outputs are reduced to
    a scalar with fixed random weights; the gradient of that scalar must match finite
    differences. For ``order=2`` the same check runs on the (weighted) gradient itself, which
    exercises every gradient rule's own gradient.

    >>> import numpy as np, tensorflux as tf
    >>> check_gradients(lambda x: tf.sin(x) * x, [np.array([0.3, 1.2])], order=2)
    """
    args = [np.array(a, dtype=np.float64) if np.asarray(a).dtype.kind in "fiu" else np.array(a) for a in args]
    scalar = _scalar_projection(f, seed)
    analytic = _tape_gradient(scalar, args)
    numeric = _numeric_gradient(scalar, args, eps)
    for i, (a, n) in enumerate(zip(analytic, numeric)):
        if not np.allclose(a, n, rtol=rtol, atol=atol):
            raise GradientMismatch(f"order-1 gradient of argument {i} differs from finite differences:\n"
                                   f"tape:\n{a}\nnumeric:\n{n}\nmax abs difference {np.max(np.abs(a - n)):.3g}")
    if order > 1:
        import tensorflux as tf

        def gradient_fn(*tensors):
            with tf.GradientTape() as tape:
                for t in tensors:
                    tape.watch(t)
                s = scalar(*tensors)
            return tape.gradient(s, list(tensors), unconnected_gradients="zero")

        check_gradients(gradient_fn, args, order - 1, eps, rtol * 10, atol * 10, seed + 1)
