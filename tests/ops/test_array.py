"""Creation, shape and indexing ops against NumPy, with gradients to second order."""

from __future__ import annotations

import numpy as np
import pytest
from op_cases import Case, apart, check_case_gradients, check_float64, check_forward, gradient_of, params, rand

import tensorflux as tf

X = rand(2, 3)
IDX = np.array([2, 0, 2])

ARRAY = [
    Case("identity", tf.identity, [X], lambda x: x),
    Case("reshape_minus_one", lambda x: tf.reshape(x, [3, -1]), [X], lambda x: x.reshape(3, -1)),
    Case("transpose", tf.transpose, [X], np.transpose),
    Case("transpose_perm", lambda x: tf.transpose(x, [1, 2, 0]), [rand(2, 3, 2)], lambda x: x.transpose(1, 2, 0)),
    Case("expand_dims", lambda x: tf.expand_dims(x, -1), [X], lambda x: x[..., None]),
    Case("squeeze", lambda x: tf.squeeze(x, [0]), [rand(1, 3)], lambda x: x[0]),
    Case("concat", lambda a, b: tf.concat([a, b], 1), [X, rand(2, 2)], lambda a, b: np.concatenate([a, b], 1)),
    Case("stack", lambda a, b: tf.stack([a, b], axis=1), [X, rand(2, 3)], lambda a, b: np.stack([a, b], 1)),
    Case("unstack", lambda x: tf.unstack(x, axis=1), [X], lambda x: list(np.moveaxis(x, 1, 0))),
    Case("split_sizes", lambda x: tf.split(x, [1, -1], axis=1), [X], lambda x: np.split(x, [1], 1)),
    Case("split_even", lambda x: tf.split(x, 3, axis=1), [X], lambda x: np.split(x, 3, 1)),
    Case("tile", lambda x: tf.tile(x, [2, 1]), [X], lambda x: np.tile(x, (2, 1))),
    Case("pad_constant", lambda x: tf.pad(x, [[1, 0], [0, 2]], constant_values=3.0), [X],
         lambda x: np.pad(x, [(1, 0), (0, 2)], constant_values=3.0)),
    Case("pad_reflect", lambda x: tf.pad(x, [[1, 1], [2, 1]], mode="REFLECT"), [X],
         lambda x: np.pad(x, [(1, 1), (2, 1)], mode="reflect")),
    Case("pad_symmetric", lambda x: tf.pad(x, [[2, 1], [1, 3]], mode="SYMMETRIC"), [X],
         lambda x: np.pad(x, [(2, 1), (1, 3)], mode="symmetric")),
    Case("broadcast_to", lambda x: tf.broadcast_to(x, [2, 2, 3]), [rand(2, 1, 3)],
         lambda x: np.broadcast_to(x, (2, 2, 3))),
    Case("reverse", lambda x: tf.reverse(x, [1]), [X], lambda x: x[:, ::-1]),
    Case("gather", lambda x, i: tf.gather(x, i, axis=1), [X, IDX], lambda x, i: x[:, i]),
    Case("gather_batch_dims", lambda x, i: tf.gather(x, i, batch_dims=1), [X, np.array([[1, 0], [2, 2]])],
         lambda x, i: np.take_along_axis(x, i, 1), grad=0),
    Case("gather_nd", lambda x, i: tf.gather_nd(x, i), [X, np.array([[1, 2], [0, 0], [1, 2]])],
         lambda x, i: x[i[:, 0], i[:, 1]]),
    Case("boolean_mask", lambda x: tf.boolean_mask(x, np.array([True, False, True]), axis=1), [X],
         lambda x: x[:, [0, 2]]),
    Case("where_indices", lambda x: tf.where(x > 0), [apart(2, 3)], lambda x: np.argwhere(x > 0), grad=0),
    Case("one_hot", lambda i: tf.one_hot(i, 3), [IDX], lambda i: np.eye(3)[i], grad=0),
    Case("slice_operator", lambda x: x[1:, ::2], [X], lambda x: x[1:, ::2]),
    Case("strided_slice", lambda x: tf.strided_slice(x, [0, 2], [2, 0], [1, -1]), [X], lambda x: x[0:2, 2:0:-1]),
    Case("tensor_scatter_nd_update", lambda x, u: tf.tensor_scatter_nd_update(x, [[0, 1], [1, 2]], u),
         [X, rand(2)], lambda x, u: _scattered(x, u)),
    Case("scatter_nd", lambda u: tf.scatter_nd([[1], [0], [1]], u, [3, 2]), [rand(3, 2)],
         lambda u: np.array([u[1], u[0] + u[2], np.zeros(2)])),
    Case("sort", lambda x: tf.sort(x, axis=1), [apart(2, 3)], lambda x: np.sort(x, 1)),
    Case("sort_descending", lambda x: tf.sort(x, axis=0, direction="DESCENDING"), [apart(3, 2)],
         lambda x: -np.sort(-x, 0)),
    Case("argsort", lambda x: tf.argsort(x), [apart(2, 3)], lambda x: np.argsort(x, 1), grad=0),
    Case("top_k", lambda x: tuple(tf.math.top_k(x, 2)), [apart(2, 3)],
         lambda x: (-np.sort(-x, 1)[:, :2], np.argsort(-x, 1)[:, :2].astype(np.int32))),
    Case("fill", lambda v: tf.fill([2, 2], v), [np.array(1.5)], lambda v: np.full((2, 2), v)),
    Case("shape_rank_size", lambda x: tf.shape(x) + tf.rank(x) + tf.size(x), [X],
         lambda x: np.array([2, 3], np.int32) + 2 + 6, grad=0),
]


def _scattered(x, u):
    out = x.copy()
    out[0, 1], out[1, 2] = u
    return out


@pytest.mark.parametrize("case", params(ARRAY))
def test_forward_matches_numpy(case, run_mode):
    check_forward(case, run_mode)


@pytest.mark.parametrize("case", params(ARRAY))
def test_float64_stays_float64(case, run_mode):
    check_float64(case, run_mode)


@pytest.mark.parametrize("case", params([c for c in ARRAY if c.grad]))
def test_gradients(case, run_mode):
    check_case_gradients(case, run_mode)


CREATION = [
    ("zeros", lambda: tf.zeros((2, 1)), np.zeros((2, 1), np.float32)),
    ("ones_int", lambda: tf.ones(2, tf.int32), np.ones(2, np.int32)),
    ("zeros_like", lambda: tf.zeros_like(tf.constant([1, 2])), np.zeros(2, np.int32)),
    ("ones_like_dtype", lambda: tf.ones_like([1, 2], tf.float32), np.ones(2, np.float32)),
    ("eye", lambda: tf.eye(2, 3), np.eye(2, 3, dtype=np.float32)),
    ("eye_batch", lambda: tf.eye(2, batch_shape=[3]), np.broadcast_to(np.eye(2, dtype=np.float32), (3, 2, 2))),
    ("range", lambda: tf.range(1, 7, 2), np.arange(1, 7, 2, dtype=np.int32)),
    ("range_float", lambda: tf.range(0.0, 1.0, 0.25), np.arange(0, 1, 0.25, dtype=np.float32)),
    ("linspace", lambda: tf.linspace(0.0, 1.0, 5), np.linspace(0, 1, 5, dtype=np.float32)),
    ("convert_to_tensor", lambda: tf.convert_to_tensor([1.5, 2]), np.array([1.5, 2], np.float32)),
]


@pytest.mark.parametrize("name,fn,expected", CREATION, ids=[c[0] for c in CREATION])
def test_creation(name, fn, expected):
    out = fn().numpy()
    assert out.dtype == expected.dtype
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("fn", [
    lambda x: tf.argsort(x), lambda x: tf.shape(x), lambda x: tf.one_hot(tf.argmax(x), 3), lambda x: tf.where(x > 0),
    lambda x: tf.math.top_k(x).indices,
], ids=["argsort", "shape", "one_hot_of_argmax", "where_indices", "top_k_indices"])
def test_not_differentiable_give_none(fn):
    assert gradient_of(fn, apart(3))[0] is None
