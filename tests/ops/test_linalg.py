"""tf.linalg, einsum, tensordot, norms and clipping against NumPy, with gradients to second order."""

from __future__ import annotations

import numpy as np
import pytest
from op_cases import Case, check_case_gradients, check_float64, check_forward, params, rand

import tensorflux as tf
from tensorflux.ops import clip, linalg

L = linalg
A = rand(3, 3) + 3 * np.eye(3)
B = rand(3, 2)
V = rand(3)


def _spd(x):
    """A symmetric positive definite matrix made from ``x`` (Cholesky reads only one triangle)."""
    return tf.matmul(x, x, transpose_b=True) + tf.eye(3, dtype=x.dtype)


LINALG = [
    Case("matmul", tf.matmul, [rand(2, 3), B], np.matmul),
    Case("matmul_batched_broadcast", tf.matmul, [rand(2, 1, 2, 3), rand(4, 3, 2)], np.matmul),
    Case("matmul_transpose_a", lambda a, b: tf.matmul(a, b, transpose_a=True), [rand(3, 2), B],
         lambda a, b: a.T @ b),
    Case("matmul_transpose_b", lambda a, b: tf.matmul(a, b, transpose_b=True), [rand(2, 2), B],
         lambda a, b: a @ b.T),
    Case("matmul_both", lambda a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True), [rand(3, 2), rand(2, 3)],
         lambda a, b: a.T @ b.T),
    Case("matmul_operator", lambda a, b: a @ b, [rand(2, 3), B], np.matmul),
    Case("matvec", L.matvec, [A, V], lambda a, v: a @ v),
    Case("einsum_matmul", lambda a, b: L.einsum("ij,jk->ik", a, b), [A, B], lambda a, b: a @ b),
    Case("einsum_trace", lambda a: L.einsum("ii", a), [A], np.trace),
    Case("einsum_diagonal", lambda a: L.einsum("ii->i", a), [A], np.diag),
    Case("einsum_sum_axis", lambda b: L.einsum("ij->j", b), [B], lambda b: b.sum(0)),
    Case("einsum_outer_implicit", lambda u, v: L.einsum("i,j", u, v), [V, rand(2)], np.outer),
    Case("einsum_ellipsis", lambda a, b: L.einsum("...ij,...jk->...ik", a, b), [rand(2, 3, 3), B],
         lambda a, b: a @ b),
    Case("einsum_broadcast_batch", lambda a, b: L.einsum("bij,bjk->bik", a, b), [rand(1, 2, 3), rand(4, 3, 2)],
         lambda a, b: a @ b),
    Case("einsum_three_operands", lambda a, b, v: L.einsum("ij,jk,i->k", a, b, v), [A, B, V],
         lambda a, b, v: np.einsum("ij,jk,i->k", a, b, v)),
    Case("tensordot_int", lambda a, b: L.tensordot(a, b, 1), [rand(2, 3), B], lambda a, b: np.tensordot(a, b, 1)),
    Case("tensordot_axes", lambda a, b: L.tensordot(a, b, [[0, 2], [1, 0]]), [rand(2, 3, 4), rand(4, 2)],
         lambda a, b: np.tensordot(a, b, [[0, 2], [1, 0]])),
    Case("tensordot_outer", lambda a, b: L.tensordot(a, b, 0), [V, rand(2)], lambda a, b: np.tensordot(a, b, 0)),
    Case("inv", L.inv, [A], np.linalg.inv, rtol=1e-4),
    Case("inv_adjoint", lambda a: L.inv(a, adjoint=True), [A], lambda a: np.linalg.inv(a.T), rtol=1e-4),
    Case("det", L.det, [A], np.linalg.det, rtol=1e-4),
    Case("det_batch", L.det, [rand(2, 2, 2) + 2 * np.eye(2)], np.linalg.det, rtol=1e-4),
    Case("slogdet", lambda a: tuple(L.slogdet(a)), [rand(3, 3) - 3 * np.eye(3)], lambda a: tuple(np.linalg.slogdet(a)),
         rtol=1e-4),
    Case("logdet", lambda a: L.logdet(_spd(a)), [A], lambda a: np.linalg.slogdet(a @ a.T + np.eye(3))[1], rtol=1e-4),
    Case("cholesky", lambda a: L.cholesky(_spd(a)), [A], lambda a: np.linalg.cholesky(a @ a.T + np.eye(3)),
         rtol=1e-4),
    Case("solve", L.solve, [A, B], np.linalg.solve, rtol=1e-4),
    Case("solve_adjoint", lambda a, b: L.solve(a, b, adjoint=True), [A, B], lambda a, b: np.linalg.solve(a.T, b),
         rtol=1e-4),
    Case("trace", L.trace, [rand(2, 3, 3)], lambda a: np.trace(a, axis1=-2, axis2=-1)),
    Case("diag", L.diag, [V], np.diag),
    Case("diag_offset", lambda v: L.diag(v, k=-1), [V], lambda v: np.diag(v, -1)),
    Case("diag_part", L.diag_part, [rand(2, 3, 3)], lambda a: np.diagonal(a, axis1=-2, axis2=-1)),
    Case("diag_part_offset", lambda a: L.diag_part(a, k=1), [rand(3, 4)], lambda a: np.diagonal(a, 1)),
    Case("set_diag", L.set_diag, [A, V], lambda a, v: a - np.diag(np.diag(a)) + np.diag(v)),
    Case("band_part", lambda a: L.band_part(a, 1, 0), [rand(3, 4)], lambda a: np.tril(np.triu(a, -1))),
    Case("band_part_upper", lambda a: L.band_part(a, 0, -1), [A], np.triu),
    Case("matrix_transpose", L.matrix_transpose, [rand(2, 3, 4)], lambda a: np.swapaxes(a, -1, -2)),
    Case("norm_euclidean", L.norm, [A], np.linalg.norm),
    Case("norm_axis", lambda a: L.norm(a, axis=1, keepdims=True), [A],
         lambda a: np.linalg.norm(a, axis=1, keepdims=True)),
    Case("norm_1", lambda v: L.norm(v, ord=1), [V], lambda v: np.abs(v).sum()),
    Case("norm_inf", lambda v: L.norm(v, ord=np.inf), [V], lambda v: np.abs(v).max()),
    Case("norm_p3", lambda a: L.norm(a, ord=3, axis=0), [A], lambda a: (np.abs(a) ** 3).sum(0) ** (1 / 3)),
    Case("norm_fro", lambda a: L.norm(a, ord="fro", axis=[0, 1]), [A], lambda a: np.linalg.norm(a, "fro")),
    Case("norm_matrix_1", lambda a: L.norm(a, ord=1, axis=[-2, -1]), [A], lambda a: np.linalg.norm(a, 1)),
    Case("norm_matrix_inf", lambda a: L.norm(a, ord=np.inf, axis=[0, 1]), [A], lambda a: np.linalg.norm(a, np.inf)),
    Case("l2_normalize", tf.linalg.l2_normalize, [A], lambda a: a / np.linalg.norm(a)),
    Case("global_norm", lambda a, b: tf.linalg.global_norm([a, None, b]), [A, B],
         lambda a, b: np.sqrt((a * a).sum() + (b * b).sum())),
    Case("clip_by_norm", lambda a: clip.clip_by_norm(a, 1.0), [A], lambda a: a / np.linalg.norm(a)),
    Case("clip_by_norm_axes", lambda a: clip.clip_by_norm(a, 0.5, axes=[1]), [A],
         lambda a: a * np.minimum(1, 0.5 / np.linalg.norm(a, axis=1, keepdims=True))),
    Case("clip_by_global_norm", lambda a, b: tuple(clip.clip_by_global_norm([a, b], 1.0)[0]), [A, B],
         lambda a, b: (a / np.sqrt((a * a).sum() + (b * b).sum()), b / np.sqrt((a * a).sum() + (b * b).sum()))),
    Case("clip_by_global_norm_norm", lambda a, b: clip.clip_by_global_norm([a, b], 100.0)[1], [A, B],
         lambda a, b: np.sqrt((a * a).sum() + (b * b).sum())),
]


@pytest.mark.parametrize("case", params(LINALG))
def test_forward_matches_numpy(case, run_mode):
    check_forward(case, run_mode)


@pytest.mark.parametrize("case", params(LINALG))
def test_float64_stays_float64(case, run_mode):
    check_float64(case, run_mode)


@pytest.mark.parametrize("case", params([c for c in LINALG if c.grad]))
def test_gradients(case, run_mode):
    check_case_gradients(case, run_mode)


def test_einsum_gradient_is_an_einsum():
    a, b = tf.constant(A), tf.constant(B)
    with tf.GradientTape() as outer:  # records the backward pass of the inner tape
        outer.watch([a, b])
        with tf.GradientTape() as inner:
            inner.watch(a)
            y = L.einsum("ij,jk->ik", a, b)
        inner.gradient(y, a)
    assert [r.prim.name for r in outer._records] == ["Einsum", "Einsum"]


def test_clip_by_global_norm_keeps_none_and_dtypes():
    clipped, norm = clip.clip_by_global_norm([tf.constant([3.0]), None, tf.constant([4.0])], 1.0)
    assert clipped[1] is None
    assert clipped[0].dtype == tf.float32 and norm.dtype == tf.float32
    np.testing.assert_allclose([float(clipped[0][0]), float(clipped[2][0]), float(norm)], [0.6, 0.8, 5.0], rtol=1e-6)
