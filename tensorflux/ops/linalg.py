"""Matrix products, einsum and basic linear algebra (``tf.linalg``).

Primitives: MatMul, Einsum (its gradient is again an einsum), MatrixInverse, MatrixDeterminant,
LogMatrixDeterminant, Cholesky, MatrixSolve, MatrixDiagV3/MatrixDiagPartV3 and MatrixBandPart;
each gradient is written in ops, so all of them differentiate twice. tensordot, trace, norm,
matrix_transpose, set_diag and matvec are compositions of those.
"""

from __future__ import annotations

import collections
import string

import numpy as np

from ..framework import dtypes as F
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import as_input, declare, match_dtypes
from . import array as array_ops
from . import math as math_ops
from . import reduce as reduce_ops
from . import shapes
from .math import FLOAT_COMPLEX

LINALG = (F.float32, F.float64, F.complex64, F.complex128)  # what NumPy's LAPACK routines accept


def _matmul_dims(a_shape, b_shape, ta, tb):
    for i, s in enumerate((a_shape, b_shape)):
        if len(s) < 2:
            raise InvalidArgumentError(f"In[{i}] ndims must be >= 2 [Op:MatMul]")
    m, ka = (a_shape[-1], a_shape[-2]) if ta else (a_shape[-2], a_shape[-1])
    kb, n = (b_shape[-1], b_shape[-2]) if tb else (b_shape[-2], b_shape[-1])
    if ka is not None and kb is not None and ka != kb:
        raise InvalidArgumentError(f"Matrix size-incompatible: In[0]: {_text(a_shape)}, In[1]: {_text(b_shape)} "
                                   "[Op:MatMul]")
    return m, n


def _text(shape):
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _matmul_infer(a, b, *, transpose_a=False, transpose_b=False):
    sa, sb = a._shape_tuple(), b._shape_tuple()
    m, n = _matmul_dims(sa, sb, transpose_a, transpose_b)
    return _batch_dims(sa, sb) + (m, n), a.dtype


def _batch_dims(sa, sb):
    try:
        return shapes.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        raise InvalidArgumentError(f"In[0] and In[1] must have compatible batch dimensions: {_text(sa)} vs. "
                                   f"{_text(sb)} [Op:BatchMatMulV2]") from None


def _matmul_kernel(a, b, *, transpose_a=False, transpose_b=False):
    if a.ndim < 2 or b.ndim < 2 or (a.shape[-2] if transpose_a else a.shape[-1]) != \
            (b.shape[-1] if transpose_b else b.shape[-2]) or (a.ndim > 2 or b.ndim > 2):
        _matmul_dims(a.shape, b.shape, transpose_a, transpose_b)
        _batch_dims(a.shape, b.shape)
    if transpose_a:
        a = np.swapaxes(a, -1, -2)
    if transpose_b:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b).astype(a.dtype, copy=False)  # bfloat16 products come back as float32


def _matmul_grad(op, g):
    """TF's rules: each case of transposition is again one matmul with transposition flags."""
    a, b = op.inputs
    ta, tb = op.attrs.get("transpose_a", False), op.attrs.get("transpose_b", False)
    if not ta and not tb:
        ga, gb = (g, b, False, True), (a, g, True, False)
    elif ta and not tb:
        ga, gb = (b, g, False, True), (a, g, False, False)
    elif not ta and tb:
        ga, gb = (g, b, False, False), (g, a, True, False)
    else:
        ga, gb = (b, g, True, True), (g, a, True, True)
    return (MATMUL(ga[0], ga[1], transpose_a=ga[2], transpose_b=ga[3]) if op.needs[0] else None,
            MATMUL(gb[0], gb[1], transpose_a=gb[2], transpose_b=gb[3]) if op.needs[1] else None)


MATMUL = declare("MatMul", _matmul_kernel, _matmul_infer, _matmul_grad, allowed=FLOAT_COMPLEX + (F.int32, F.int64))


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False,
           b_is_sparse=False, output_type=None, grad_a=False, grad_b=False, name=None):
    """Matrix product of the last two axes, broadcasting the batch axes.

    >>> import tensorflux as tf
    >>> tf.matmul(tf.ones((2, 3)), tf.ones((3, 4))).shape
    TensorShape([2, 4])
    """
    a, b = match_dtypes((a, b), "MatMul")
    if adjoint_a or adjoint_b:
        from .math import conj

        a = conj(a) if adjoint_a and a.dtype.is_complex else a
        b = conj(b) if adjoint_b and b.dtype.is_complex else b
    return MATMUL(a, b, transpose_a=bool(transpose_a or adjoint_a), transpose_b=bool(transpose_b or adjoint_b),
                  name=name)


# ---------------------------------------------------------------------------------------------
# Einsum: one primitive; the gradient of each operand is again an einsum.

def _parse_einsum(equation: str, ranks) -> tuple[list[str], str]:
    """Operand and output subscripts with ``...`` replaced by letters and the implicit output made explicit."""
    eq = equation.replace(" ", "")
    lhs, arrow, out = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(ranks):
        raise ValueError(f"Expected {len(terms)} inputs for equation {equation!r} but got: {len(ranks)}")
    for t in terms + [out]:
        if not all(c.isalpha() for c in t.replace("...", "")):
            raise ValueError(f"Invalid character in einsum equation {equation!r}: subscripts must be letters")
    unused = iter(c for c in string.ascii_letters if c not in eq)
    n_ellipsis = max([r - len(t) + 3 for t, r in zip(terms, ranks) if "..." in t], default=0)
    ellipsis = "".join(next(unused) for _ in range(n_ellipsis))
    expanded = []
    for i, (t, r) in enumerate(zip(terms, ranks)):
        if "..." in t:
            k = r - len(t) + 3
            if k < 0:
                raise InvalidArgumentError(f"Expected input {i} to have rank at least {len(t) - 3} but got: {r} "
                                           "[Op:Einsum]")
            t = t.replace("...", ellipsis[n_ellipsis - k:])
        elif len(t) != r:
            raise InvalidArgumentError(f"Expected input {i} to have rank {len(t)} but got: {r} [Op:Einsum]")
        expanded.append(t)
    if not arrow:  # implicit output: broadcast axes, then the letters seen once, alphabetically
        counts = collections.Counter("".join(terms).replace("...", ""))
        out = ellipsis + "".join(sorted(c for c, n in counts.items() if n == 1))
    else:
        out = out.replace("...", ellipsis)
        missing = [c for c in out if c not in "".join(expanded)]
        if missing:
            raise ValueError(f"Output subscripts contain the label {missing[0]} not present in the input subscripts.")
        if len(set(out)) != len(out):
            raise ValueError(f"Output subscripts contain a label appearing more than once: {out}")
    return expanded, out


def _split_equation(equation: str) -> tuple[list[str], str]:
    lhs, _, out = equation.partition("->")
    return lhs.split(","), out


def _letter_sizes(terms, shapes_) -> dict:
    """Each letter's size (None when unknown); size-1 axes broadcast, as NumPy's einsum does."""
    sizes: dict = {}
    for t, s in zip(terms, shapes_):
        for c, d in zip(t, s):
            old = sizes.get(c, 1)
            if d is None or old is None:
                sizes[c] = None if d is None or old is None and d == 1 else d
            elif old != 1 and d != 1 and old != d:
                raise InvalidArgumentError(f"Expected dimension {old} at axis {t.index(c)} of the input shaped "
                                           f"{_text(s)} but got dimension {d} [Op:Einsum]")
            else:
                sizes[c] = max(old, d)
    return sizes


def _einsum_infer(*xs, equation):
    terms, out = _split_equation(equation)
    sizes = _letter_sizes(terms, [x._shape_tuple() for x in xs])
    return tuple(sizes[c] for c in out), xs[0].dtype


def _einsum_kernel(*xs, equation):
    terms, _ = _split_equation(equation)
    _letter_sizes(terms, [x.shape for x in xs])
    return np.einsum(equation, *xs, optimize=len(xs) > 1).astype(xs[0].dtype, copy=False)


def _einsum_grad(op, g):
    terms, out = _split_equation(op.attrs["equation"])
    grads = []
    for i, x in enumerate(op.inputs):
        if not op.needs[i]:
            grads.append(None)
            continue
        others = [t for j, t in enumerate(terms) if j != i]
        reachable = set(out + "".join(others))
        kept = "".join(c for c in dict.fromkeys(terms[i]) if c in reachable)
        operands = [g] + [y for j, y in enumerate(op.inputs) if j != i]
        partial = EINSUM(*operands, equation=",".join([out] + others) + "->" + kept)
        grads.append(_spread(partial, kept, terms[i], x._shape_tuple()))
    return tuple(grads)


def _spread(partial, kept: str, target: str, shape):
    """From subscripts ``kept`` to ``target``: broadcast summed-away letters, put repeated ones on a diagonal."""
    if kept == target:
        return partial
    if None in shape:
        raise NotImplementedError("The gradient of einsum with repeated or summed subscripts needs a known shape.")
    unused = iter(c for c in string.ascii_letters if c not in target)
    operands, subscripts, renamed, seen = [partial], [kept], [], set()
    dtype = partial.dtype
    for c, d in zip(target, shape):
        if c in seen:  # a repeated letter: a fresh name tied to the first by an identity matrix
            fresh = next(unused)
            operands.append(array_ops.eye(d, dtype=dtype))
            subscripts.append(c + fresh)
            renamed.append(fresh)
            continue
        seen.add(c)
        renamed.append(c)
        if c not in kept:  # summed in the forward pass: every element gets the same gradient
            operands.append(array_ops.ones((d,), dtype=dtype))
            subscripts.append(c)
    return EINSUM(*operands, equation=",".join(subscripts) + "->" + "".join(renamed))


EINSUM = declare("Einsum", _einsum_kernel, _einsum_infer, _einsum_grad, allowed=FLOAT_COMPLEX + (F.int32, F.int64))


def einsum(equation, *inputs, **kwargs):
    """Einstein summation: ``equation`` names each operand's axes; repeated letters are summed.

    >>> import tensorflux as tf
    >>> tf.einsum("ij,jk->ik", tf.ones((2, 3)), tf.ones((3, 4))).shape
    TensorShape([2, 4])
    """
    if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
        inputs = tuple(inputs[0])
    tensors = match_dtypes(list(inputs), "Einsum")
    terms, out = _parse_einsum(equation, [len(t._shape_tuple()) for t in tensors])
    return EINSUM(*tensors, equation=",".join(terms) + "->" + out, name=kwargs.get("name"))


def tensordot(a, b, axes, name=None):
    """Sums the products of ``a`` and ``b`` over the given axes (an int N: the last N of a, first N of b).

    >>> import tensorflux as tf
    >>> tf.tensordot(tf.ones((2, 3)), tf.ones((3, 4)), axes=1).shape
    TensorShape([2, 4])
    """
    a, b = match_dtypes((a, b), "MatMul")
    ra, rb = len(a._shape_tuple()), len(b._shape_tuple())
    if isinstance(axes, (int, np.integer)) or (hasattr(axes, "_value") and np.ndim(axes._value) == 0):
        n = int(axes._value if hasattr(axes, "_value") else axes)
        if n < 0 or n > min(ra, rb):
            raise ValueError(f"'axes' must be at most the rank of a and b ({ra} and {rb}); got {n}")
        a_axes, b_axes = list(range(ra - n, ra)), list(range(n))
    else:
        pair = [np.atleast_1d(np.asarray(getattr(v, "_value", v))).tolist() for v in axes]
        if len(pair) != 2:
            raise ValueError(f"'axes' must be an integer or have length 2; got {axes!r}")
        a_axes, b_axes = [int(v) % ra for v in pair[0]], [int(v) % rb for v in pair[1]]
        if len(a_axes) != len(b_axes):
            raise ValueError(f"Different number of contraction axes 'a' and 'b', {len(a_axes)} != {len(b_axes)}.")
    letters = iter(string.ascii_letters)
    sa = [next(letters) for _ in range(ra)]
    sb = [next(letters) for _ in range(rb)]
    sa_, sb_ = a._shape_tuple(), b._shape_tuple()
    for i, j in zip(a_axes, b_axes):
        if sa_[i] is not None and sb_[j] is not None and sa_[i] != sb_[j]:
            # TF reshapes both to matrices and multiplies them; its message names those matrices
            free_a = [d for k, d in enumerate(sa_) if k not in a_axes]
            free_b = [d for k, d in enumerate(sb_) if k not in b_axes]
            size = [int(np.prod(v, dtype=np.int64)) for v in ([sa_[k] for k in a_axes], [sb_[k] for k in b_axes])]
            raise InvalidArgumentError(f"Matrix size-incompatible: In[0]: {_text([int(np.prod(free_a)), size[0]])}, "
                                       f"In[1]: {_text([size[1], int(np.prod(free_b))])} [Op:MatMul]")
        sb[j] = sa[i]
    out = [c for k, c in enumerate(sa) if k not in a_axes] + [c for k, c in enumerate(sb) if k not in b_axes]
    return EINSUM(a, b, equation=f"{''.join(sa)},{''.join(sb)}->{''.join(out)}", name=name)


# ---------------------------------------------------------------------------------------------
# Square matrices: inverse, determinants, Cholesky, solve.

def _square(x, op_name):
    s = x._shape_tuple() if hasattr(x, "_shape_tuple") else x.shape
    if len(s) < 2:
        raise InvalidArgumentError(f"Input must have rank >= 2, got {len(s)} [Op:{op_name}]")
    if None not in s[-2:] and s[-1] != s[-2]:
        raise InvalidArgumentError(f"Input matrix must be square. [Op:{op_name}]")
    return s


def _linalg_error(message):
    """Runs a NumPy linear-algebra call, turning its failure into TF's error and message."""
    def decorate(kernel):
        def run(*arrays, **attrs):
            try:
                return kernel(*arrays, **attrs)
            except np.linalg.LinAlgError:
                raise InvalidArgumentError(message) from None

        return run

    return decorate


def _adjoint_array(x):
    return np.conj(np.swapaxes(x, -1, -2)) if x.dtype.kind == "c" else np.swapaxes(x, -1, -2)


@_linalg_error("Input is not invertible. [Op:MatrixInverse]")
def _inv_kernel(x, *, adjoint):
    _square(x, "MatrixInverse")
    x = _adjoint_array(x) if adjoint else x
    if x.dtype == np.float16:  # LAPACK has no half precision: invert in float32
        return np.linalg.inv(x.astype(np.float32)).astype(np.float16)
    return np.linalg.inv(x)


def _inv_grad(op, g):
    y, adj = op.outputs[0], op.attrs["adjoint"]
    return -matmul(y, matmul(g, y, adjoint_a=adj, adjoint_b=not adj), adjoint_a=not adj)


INV = declare("MatrixInverse", _inv_kernel, lambda x, **a: (_square(x, "MatrixInverse"), x.dtype), _inv_grad,
              allowed=LINALG + (F.float16,))


def inv(input, adjoint=False, name=None):
    """The inverse of each square matrix in the last two axes (of its adjoint with ``adjoint=True``).

    >>> import tensorflux as tf
    >>> tf.linalg.inv([[2.0, 0.0], [0.0, 4.0]]).numpy()
    array([[0.5 , 0.  ],
           [0.  , 0.25]], dtype=float32)
    """
    return INV(as_input(input), adjoint=bool(adjoint), name=name)


def _det_kernel(x):
    _square(x, "MatrixDeterminant")
    return np.linalg.det(x)


def _det_grad(op, g):
    scale = array_ops.expand_dims(array_ops.expand_dims(g * op.outputs[0], -1), -1)
    return scale * INV(op.inputs[0], adjoint=True)


def _batch_of_matrices(x, **attrs):
    return _square(x, "MatrixDeterminant")[:-2], x.dtype


DET = declare("MatrixDeterminant", _det_kernel, _batch_of_matrices, _det_grad, allowed=LINALG)


def det(input, name=None):
    """The determinant of each square matrix in the last two axes.

    >>> import tensorflux as tf
    >>> float(tf.linalg.det([[2.0, 1.0], [1.0, 3.0]]))
    5.0
    """
    return DET(as_input(input), name=name)


def _slogdet_kernel(x):
    _square(x, "LogMatrixDeterminant")
    sign, logabs = np.linalg.slogdet(x)
    return sign.astype(x.dtype, copy=False), logabs.astype(x.real.dtype, copy=False).astype(x.dtype, copy=False)


def _slogdet_infer(x):
    spec = _batch_of_matrices(x)
    return [spec, spec]


def _slogdet_grad(op, g_sign, g_logabs):
    if g_logabs is None:
        return None
    scale = array_ops.expand_dims(array_ops.expand_dims(g_logabs, -1), -1)
    return scale * INV(op.inputs[0], adjoint=True)


SLOGDET = declare("LogMatrixDeterminant", _slogdet_kernel, _slogdet_infer, _slogdet_grad, allowed=LINALG)


def slogdet(input, name=None):
    """``(sign, log_abs_determinant)`` of each square matrix: the determinant without overflow.

    >>> import tensorflux as tf
    >>> sign, logdet = tf.linalg.slogdet([[2.0, 0.0], [0.0, 3.0]])
    >>> float(sign), round(float(logdet), 4)
    (1.0, 1.7918)
    """
    sign, logabs = SLOGDET(as_input(input), name=name)
    return sign, logabs


def logdet(matrix, name=None):
    """log(det(matrix)) of a Hermitian positive definite matrix, through its Cholesky factor."""
    chol = cholesky(matrix)
    return 2.0 * reduce_ops.reduce_sum(math_ops.log(diag_part(chol)), axis=-1)


def _cholesky_grad(op, g):
    """TF's rule (Murray 2016): Φ(Lᴴ Ḡ) pulled back through L⁻¹ and symmetrised."""
    lower = op.outputs[0]
    l_inv = INV(lower, adjoint=False)
    middle = matmul(lower, g, adjoint_a=True)
    middle = band_part(middle, -1, 0) - 0.5 * diag(diag_part(middle))
    grad = matmul(matmul(l_inv, middle, adjoint_a=True), l_inv)
    return (grad + matrix_transpose(grad, conjugate=True)) * 0.5


def _cholesky_kernel(x):
    """NumPy's factor; where it fails, NaN in the lower triangle, as TF's CPU kernel returns."""
    _square(x, "Cholesky")
    try:
        return np.linalg.cholesky(x)
    except np.linalg.LinAlgError:
        if x.ndim > 2:
            return np.stack([_cholesky_kernel(m) for m in x])
        return np.where(np.tri(*x.shape[-2:], dtype=bool), np.array(np.nan, x.dtype), np.zeros((), x.dtype))


CHOLESKY = declare("Cholesky", _cholesky_kernel,
                   lambda x: (_square(x, "Cholesky"), x.dtype), _cholesky_grad, allowed=LINALG)


def cholesky(input, name=None):
    """The lower-triangular Cholesky factor L of each Hermitian positive definite matrix (A = L Lᴴ).

    >>> import tensorflux as tf
    >>> tf.linalg.cholesky([[4.0, 2.0], [2.0, 2.0]]).numpy()
    array([[2., 0.],
           [1., 1.]], dtype=float32)
    """
    return CHOLESKY(as_input(input), name=name)


def _solve_infer(a, b, *, adjoint):
    sa, sb = _square(a, "MatrixSolve"), b._shape_tuple()
    if len(sb) < 2 or (sa[-1] is not None and sb[-2] is not None and sa[-1] != sb[-2]):
        raise InvalidArgumentError("Input matrix and rhs are incompatible. [Op:MatrixSolve]")
    return shapes.broadcast_shapes(sa[:-2], sb[:-2]) + sb[-2:], a.dtype


@_linalg_error("Input matrix is not invertible. [Op:MatrixSolve]")
def _solve_kernel(a, b, *, adjoint):
    _square(a, "MatrixSolve")
    if b.ndim < 2 or b.shape[-2] != a.shape[-1]:
        raise InvalidArgumentError("Input matrix and rhs are incompatible. [Op:MatrixSolve]")
    return np.linalg.solve(_adjoint_array(a) if adjoint else a, b)


def _solve_grad(op, g):
    a, adj = op.inputs[0], op.attrs["adjoint"]
    c = op.outputs[0]
    g_b = SOLVE(a, g, adjoint=not adj)
    if not op.needs[0]:
        return None, g_b
    g_a = -matmul(c, g_b, adjoint_b=True) if adj else -matmul(g_b, c, adjoint_b=True)
    return g_a, g_b


SOLVE = declare("MatrixSolve", _solve_kernel, _solve_infer, _solve_grad, allowed=LINALG)


def solve(matrix, rhs, adjoint=False, name=None):
    """X such that ``matrix @ X = rhs`` (``adjoint(matrix) @ X = rhs`` with ``adjoint=True``).

    >>> import tensorflux as tf
    >>> tf.linalg.solve([[2.0, 0.0], [0.0, 4.0]], [[2.0], [2.0]]).numpy()
    array([[1. ],
           [0.5]], dtype=float32)
    """
    a, b = match_dtypes((matrix, rhs), "MatrixSolve")
    return SOLVE(a, b, adjoint=bool(adjoint), name=name)


# ---------------------------------------------------------------------------------------------
# Diagonals, bands, transposes, traces.

def _diag_infer(d, *, k, rows, cols):
    return d._shape_tuple()[:-1] + (rows, cols), d.dtype


def _diag_kernel(d, *, k, rows, cols):
    out = np.zeros(d.shape[:-1] + (rows, cols), d.dtype)
    i = np.arange(d.shape[-1])
    out[..., i + max(-k, 0), i + max(k, 0)] = d
    return out


def _diag_part_infer(x, *, k):
    s = x._shape_tuple()
    if len(s) < 2:
        raise ValueError(f"input must be at least 2-dim, received shape {list(s)}")
    m, n = s[-2:]
    length = None if m is None or n is None else max(min(m + min(k, 0), n - max(k, 0)), 0)
    return s[:-2] + (length,), x.dtype


DIAG = declare("MatrixDiagV3", _diag_kernel, _diag_infer, lambda op, g: DIAG_PART(g, k=op.attrs["k"]),
               graph_name="diag")
DIAG_PART = declare("MatrixDiagPartV3", lambda x, *, k: np.diagonal(x, offset=k, axis1=-2, axis2=-1),
                    _diag_part_infer,
                    lambda op, g: DIAG(g, k=op.attrs["k"], rows=op.inputs[0]._shape_tuple()[-2],
                                       cols=op.inputs[0]._shape_tuple()[-1]),
                    graph_name="diag_part")


def _offset(k):
    k = np.asarray(getattr(k, "_value", k))
    if k.ndim:
        raise NotImplementedError("Only a single diagonal offset `k` is supported, not a band of diagonals.")
    return int(k)


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """Matrices with ``diagonal`` on their k-th diagonal and zeros elsewhere.

    >>> import tensorflux as tf
    >>> tf.linalg.diag([1.0, 2.0]).numpy()
    array([[1., 0.],
           [0., 2.]], dtype=float32)
    """
    d = as_input(diagonal)
    k = _offset(k)
    n = d._shape_tuple()[-1]
    if n is None:
        raise NotImplementedError("tf.linalg.diag needs the length of the diagonal to be known.")
    size = n + abs(k)  # square unless told otherwise, as TF
    rows = int(num_rows) if int(num_rows) > 0 else size
    cols = int(num_cols) if int(num_cols) > 0 else size
    if padding_value != 0:
        raise NotImplementedError("tf.linalg.diag supports padding_value=0 only.")
    return DIAG(d, k=k, rows=rows, cols=cols, name=name)


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """The k-th diagonal of each matrix in the last two axes.

    >>> import tensorflux as tf
    >>> tf.linalg.diag_part([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([1., 4.], dtype=float32)
    """
    return DIAG_PART(as_input(input), k=_offset(k), name=name)


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):
    """``input`` with its k-th diagonal replaced by ``diagonal``."""
    x, d = match_dtypes((input, diagonal), "MatrixSetDiagV3")
    k = _offset(k)
    rows, cols = x._shape_tuple()[-2:]
    return x + DIAG(d - diag_part(x, k=k), k=k, rows=rows, cols=cols, name=name)


def _band_mask(rows, cols, lower, upper):
    i = np.arange(rows)[:, None]
    j = np.arange(cols)[None, :]
    return ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))


BAND_PART = declare("MatrixBandPart",
                    lambda x, *, lower, upper: np.where(_band_mask(*x.shape[-2:], lower, upper), x,
                                                        np.zeros((), x.dtype)),
                    lambda x, **a: (x._shape_tuple(), x.dtype),
                    lambda op, g: BAND_PART(g, lower=op.attrs["lower"], upper=op.attrs["upper"]))


def band_part(input, num_lower, num_upper, name=None):
    """Keeps ``num_lower`` diagonals below and ``num_upper`` above the main one (-1: all of them).

    >>> import tensorflux as tf
    >>> tf.linalg.band_part(tf.ones((3, 3)), 0, -1).numpy()
    array([[1., 1., 1.],
           [0., 1., 1.],
           [0., 0., 1.]], dtype=float32)
    """
    lower, upper = (int(np.asarray(getattr(v, "_value", v))) for v in (num_lower, num_upper))
    return BAND_PART(as_input(input), lower=lower, upper=upper, name=name)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swaps the last two axes (conjugating complex values with ``conjugate=True``).

    >>> import tensorflux as tf
    >>> tf.linalg.matrix_transpose(tf.zeros((4, 2, 3))).shape
    TensorShape([4, 3, 2])
    """
    x = as_input(a)
    rank = len(x._shape_tuple())
    if rank < 2:
        raise ValueError(f"Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` = {x!r} with "
                         f"shape: {x.shape}")
    perm = list(range(rank - 2)) + [rank - 1, rank - 2]
    return array_ops.transpose(x, perm, conjugate=conjugate, name=name)


def adjoint(matrix, name=None):
    """The conjugate transpose of the last two axes."""
    return matrix_transpose(matrix, conjugate=True)


def trace(x, name=None):
    """The sum of each matrix's main diagonal.

    >>> import tensorflux as tf
    >>> float(tf.linalg.trace([[1.0, 2.0], [3.0, 4.0]]))
    5.0
    """
    return reduce_ops.reduce_sum(diag_part(x), axis=-1, name=name)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrix-vector product of the last axes: ``a @ b[..., None]`` without the extra axis."""
    a, b = match_dtypes((a, b), "MatMul")
    out = matmul(a, array_ops.expand_dims(b, -1), transpose_a=transpose_a, adjoint_a=adjoint_a)
    return array_ops.squeeze(out, -1)


# ---------------------------------------------------------------------------------------------
# Norms.

_VECTOR_NORMS = ("euclidean", 1, 2, np.inf)
_MATRIX_NORMS = ("euclidean", "fro", 1, 2, np.inf)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """Vector norms (euclidean, 1, inf, any p > 0) or, with a pair of axes, matrix norms (fro, 1, inf).

    >>> import tensorflux as tf
    >>> float(tf.norm([3.0, 4.0]))
    5.0
    """
    if isinstance(axis, (list, tuple)) and len(axis) == 2:
        axis = tuple(axis)
        if not all(isinstance(a, int) for a in axis) or axis[0] == axis[1]:
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
        if ord not in _MATRIX_NORMS:
            raise ValueError(f"'ord' must be a supported matrix norm in {list(_MATRIX_NORMS)}, got {ord}")
        if ord == 2:
            raise NotImplementedError("The matrix 2-norm (largest singular value) is not implemented yet.")
        matrix = True
    else:
        if axis is not None and not isinstance(axis, int):
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
        if ord not in _VECTOR_NORMS and (isinstance(ord, str) or not np.isreal(ord) or ord <= 0):
            raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
        axis = None if axis is None else (axis,)
        matrix = False
    x = as_input(tensor)
    if ord in ("euclidean", "fro", 2):
        result = math_ops.sqrt(reduce_ops.reduce_sum(x * math_ops.conj(x), axis, keepdims=True))
    else:
        result = math_ops.abs(x)
        if ord == 1:
            result = reduce_ops.reduce_sum(result, None if axis is None else axis[0], keepdims=True)
            if matrix:
                result = reduce_ops.reduce_max(result, axis[1], keepdims=True)
        elif ord == np.inf:
            if matrix:
                result = reduce_ops.reduce_sum(result, axis[1], keepdims=True)
            result = reduce_ops.reduce_max(result, None if axis is None else axis[0], keepdims=True)
        else:
            p = math_ops.cast(float(ord), result.dtype)
            result = math_ops.pow(reduce_ops.reduce_sum(math_ops.pow(result, p), axis, keepdims=True), 1 / p)
    if not keepdims:
        result = array_ops.squeeze(result, None if axis is None else list(axis))
    return result
