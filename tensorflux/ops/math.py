"""Elementwise math: arithmetic, comparisons, logic, unary functions, cast and select.

Each primitive is one row: its TF op name, its kernel on arrays, and its gradient written in
tensorflux ops (so it is itself differentiable). The public functions below convert their
arguments with TF's dtype rules and call the primitive.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError, UnimplementedError
from ..framework.primitive import NOT_DIFFERENTIABLE, as_input, declare, match_dtypes, primitive
from ..framework.tape import ADD_N, ONES_LIKE, ZEROS_LIKE
from ..framework.tensor import EagerTensor
from . import shapes

F = dtypes
FLOATS = (F.float16, F.bfloat16, F.float32, F.float64)
FLOAT_COMPLEX = FLOATS + (F.complex64, F.complex128)
INTS = (F.int8, F.int16, F.int32, F.int64, F.uint8, F.uint16, F.uint32, F.uint64)
NUMERIC = FLOAT_COMPLEX + INTS
SIGNED = FLOAT_COMPLEX + (F.int8, F.int16, F.int32, F.int64)
REAL = FLOATS + INTS
_DTYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}  # TF's C++ names in messages


def require_dtype(x, allowed, op_name, attr="T"):
    """TF's error for an op whose kernel does not take ``x``'s dtype (for composites without a primitive)."""
    if x.dtype not in allowed:
        names = ", ".join(_DTYPE_NAMES.get(d.name, d.name) for d in allowed)
        raise InvalidArgumentError(f"Value for attr '{attr}' of {_DTYPE_NAMES.get(x.dtype.name, x.dtype.name)} is "
                                   f"not in the list of allowed values: {names} [Op:{op_name}]")
    return x


def require_bool(x, op_name, index=0):
    """TF's error for a bool-only op (logical_and, reduce_all …) given another dtype."""
    if x.dtype is not F.bool:
        raise InvalidArgumentError(f"cannot compute {op_name} as input #{index}(zero-based) was expected to be a bool "
                                   f"tensor but is a {_DTYPE_NAMES.get(x.dtype.name, x.dtype.name)} tensor "
                                   f"[Op:{op_name}]")
    return x


def require_numeric_for(x, what):
    """TF's ``TypeError`` for Python-level ops (``/``, ``divide_no_nan``) called on bool or string tensors."""
    dtype = getattr(x, "dtype", x)
    if not dtype.is_numeric:
        raise TypeError(f"Invalid dtype {dtype!r} in {what}. Expected one of {{tf.uint8, tf.int8, tf.uint16, "
                        "tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, tf.bfloat16, tf.float16, tf.float32, "
                        "tf.float64, tf.complex64, tf.complex128}.")
    return x


def _quiet(kernel):
    """Runs a kernel without NumPy's floating-point warnings (TF gives inf/nan silently)."""

    def run(*args, **kwargs):
        with np.errstate(all="ignore"):
            return kernel(*args, **kwargs)

    run.ufunc = kernel if isinstance(kernel, np.ufunc) else None  # lets graph passes reuse buffers (out=)
    return run


# ---------------------------------------------------------------------------------------------
# Unary primitives: name, kernel, gradient(op, g) using the input x = op.inputs[0], y = op.outputs[0].

def _unary(name, kernel, gradient, allowed=FLOAT_COMPLEX):
    return declare(name, kernel, shapes.same, gradient, allowed=allowed)


def _x(op):
    return op.inputs[0]


def _y(op):
    return op.outputs[0]


NEG = _unary("Neg", np.negative, lambda op, g: negative(g), SIGNED)
ABS = declare("Abs", np.absolute, lambda x: (x._shape_tuple(), x.dtype.real_dtype), lambda op, g: _abs_grad(op, g),
              allowed=SIGNED)  # of a complex number: its modulus, a real number (TF's ComplexAbs)
SIGN = _unary("Sign", np.sign, lambda op, g: zeros_like(_x(op)), SIGNED)
SQUARE = _unary("Square", np.square, lambda op, g: g * (2 * conj(_x(op))), NUMERIC)
SQRT = _unary("Sqrt", _quiet(np.sqrt), lambda op, g: g * 0.5 / _y(op))
RSQRT = _unary("Rsqrt", _quiet(lambda x: 1 / np.sqrt(x)), lambda op, g: g * -0.5 * _y(op) * _y(op) * _y(op))
EXP = _unary("Exp", _quiet(np.exp), lambda op, g: g * _y(op))
LOG = _unary("Log", _quiet(np.log), lambda op, g: g / _x(op))
LOG1P = _unary("Log1p", _quiet(np.log1p), lambda op, g: g / (1 + _x(op)))
EXPM1 = _unary("Expm1", _quiet(np.expm1), lambda op, g: g * (_y(op) + 1))
SIN = _unary("Sin", np.sin, lambda op, g: g * cos(_x(op)))
COS = _unary("Cos", np.cos, lambda op, g: -g * sin(_x(op)))
TAN = _unary("Tan", _quiet(np.tan), lambda op, g: g * (1 + square(_y(op))))
ASIN = _unary("Asin", _quiet(np.arcsin), lambda op, g: g * rsqrt(1 - square(_x(op))))
ACOS = _unary("Acos", _quiet(np.arccos), lambda op, g: -g * rsqrt(1 - square(_x(op))))
ATAN = _unary("Atan", np.arctan, lambda op, g: g / (1 + square(_x(op))))
SINH = _unary("Sinh", _quiet(np.sinh), lambda op, g: g * cosh(_x(op)))
COSH = _unary("Cosh", _quiet(np.cosh), lambda op, g: g * sinh(_x(op)))
TANH = _unary("Tanh", np.tanh, lambda op, g: g * (1 - square(_y(op))))
ASINH = _unary("Asinh", np.arcsinh, lambda op, g: g * rsqrt(square(_x(op)) + 1))
ACOSH = _unary("Acosh", _quiet(np.arccosh), lambda op, g: g * rsqrt(square(_x(op)) - 1))
ATANH = _unary("Atanh", _quiet(np.arctanh), lambda op, g: g / (1 - square(_x(op))))
RECIPROCAL = _unary("Reciprocal", _quiet(np.reciprocal), lambda op, g: -g * square(_y(op)))
SIGMOID = _unary("Sigmoid", _quiet(lambda x: _sigmoid(x)), lambda op, g: g * _y(op) * (1 - _y(op)))
SOFTPLUS = _unary("Softplus", _quiet(lambda x: _softplus(x)), lambda op, g: g * sigmoid(_x(op)), FLOATS)
ERF = _unary("Erf", lambda x: _erf(x), lambda op, g: g * (2 / np.sqrt(np.pi)) * exp(-square(_x(op))), FLOATS)
FLOOR = _unary("Floor", np.floor, NOT_DIFFERENTIABLE, FLOATS)
CEIL = _unary("Ceil", np.ceil, NOT_DIFFERENTIABLE, FLOATS)
ROUND = _unary("Round", np.round, NOT_DIFFERENTIABLE, FLOATS)
IS_NAN = declare("IsNan", np.isnan, lambda x: (x._shape_tuple(), F.bool), NOT_DIFFERENTIABLE, allowed=FLOATS)
IS_INF = declare("IsInf", np.isinf, lambda x: (x._shape_tuple(), F.bool), NOT_DIFFERENTIABLE, allowed=FLOATS)
IS_FINITE = declare("IsFinite", np.isfinite, lambda x: (x._shape_tuple(), F.bool), NOT_DIFFERENTIABLE,
                    allowed=FLOATS)
LOGICAL_NOT = _unary("LogicalNot", np.logical_not, NOT_DIFFERENTIABLE, (F.bool,))
INVERT = _unary("Invert", np.invert, NOT_DIFFERENTIABLE, INTS)
CONJ = _unary("Conj", np.conj, lambda op, g: conj(g), NUMERIC)


def _abs_grad(op, g):
    x = op.inputs[0]
    if not x.dtype.is_complex:
        return g * sign(x)
    return divide_no_nan(complex(g, zeros_like(g)) * x, complex(op.outputs[0], zeros_like(g)))


def _softplus(x):
    """TF's formula: x where exp(-x) is below the dtype's precision, exp(x) where exp(x) is, else log1p(exp(x))."""
    threshold = np.log(np.finfo(x.dtype).eps if x.dtype.kind == "f" else 2.0 ** -7) + 2  # bfloat16: 2^-7
    e = np.exp(x)
    return np.where(x > -threshold, x, np.where(x < threshold, e, np.log1p(e))).astype(x.dtype, copy=False)


def _sigmoid(x):
    # exp(-|x|) never overflows; both halves of the formula stay in x's dtype
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def _erf(x):
    try:
        from scipy.special import erf

        return erf(x).astype(x.dtype, copy=False)
    except ImportError:  # Abramowitz–Stegun 7.1.26 is too coarse; use math.erf per element
        import math

        return np.vectorize(math.erf, otypes=[x.dtype])(x)


# ---------------------------------------------------------------------------------------------
# Binary primitives: inputs already share a dtype (see ``match_dtypes``).

def _binary(name, kernel, gradient, allowed=NUMERIC, graph_name=None):
    return declare(name, kernel, shapes.broadcast, gradient, graph_name, allowed)


def _compare(name, kernel, allowed=NUMERIC):
    return declare(name, kernel, shapes.broadcast_bool, NOT_DIFFERENTIABLE, allowed=allowed)


def _true_divide(x, y):
    if x.dtype.kind in "bOSU":  # TF refuses in Python, before any kernel: a TypeError
        require_numeric_for(F.from_numpy(x.dtype), "__truediv__")
    if x.dtype.kind in "iu":  # TF's truediv: small ints to float32, others to float64
        target = np.float32 if x.dtype.itemsize <= 2 else np.float64
        x, y = x.astype(target), y.astype(target)
    with np.errstate(all="ignore"):
        return np.true_divide(x, y)


def _true_divide_infer(x, y):
    require_numeric_for(x.dtype, "__truediv__")
    shape, dtype = shapes.broadcast(x, y)
    if dtype.is_integer:
        dtype = F.float32 if dtype.size <= 2 else F.float64
    return shape, dtype


def _integer_division(kernel, op_name):
    def run(x, y):
        if x.dtype.kind in "iu" and not np.all(y):
            raise InvalidArgumentError(f"Integer division by zero [Op:{op_name}]")
        with np.errstate(all="ignore"):
            return kernel(x, y)

    return run


def _pow_grad(op, g):
    x, y = op.inputs
    z = op.outputs[0]
    gx = g * y * pow(x, y - 1) if op.needs[0] else None
    if not op.needs[1]:
        return gx, None
    safe_log = where(x > 0, log(where(x > 0, x, ones_like(x))), zeros_like(x))
    return gx, g * safe_log * z


def _max_min_grad(mask_fn):
    def gradient(op, g):
        x, y = op.inputs
        mask = mask_fn(x, y)
        zeros = zeros_like(g)
        return where(mask, g, zeros), where(mask, zeros, g)

    return gradient


ADD = _binary("AddV2", np.add, lambda op, g: (g, g), graph_name="Add")
SUB = _binary("Sub", np.subtract, lambda op, g: (g, -g if op.needs[1] else None))
MUL = _binary("Mul", np.multiply, lambda op, g: (g * conj(op.inputs[1]) if op.needs[0] else None,
                                                 g * conj(op.inputs[0]) if op.needs[1] else None))
REAL_DIV = declare("RealDiv", _true_divide, _true_divide_infer,
                   lambda op, g: (g / conj(op.inputs[1]) if op.needs[0] else None,
                                  -g * conj(op.inputs[0] / square(op.inputs[1])) if op.needs[1] else None),
                   allowed=None)  # bool and strings are refused with TF's TypeError by the kernel
FLOOR_DIV = _binary("FloorDiv", _integer_division(np.floor_divide, "FloorDiv"), NOT_DIFFERENTIABLE, REAL)
FLOOR_MOD = _binary("FloorMod", _integer_division(np.mod, "FloorMod"), lambda op, g: (g, -g * floor_div(*op.inputs)),
                    REAL)
POW = _binary("Pow", _quiet(np.power), _pow_grad, FLOAT_COMPLEX + (F.int8, F.int16, F.int32, F.int64))
MAXIMUM = _binary("Maximum", np.maximum, _max_min_grad(lambda x, y: x >= y), REAL)
MINIMUM = _binary("Minimum", np.minimum, _max_min_grad(lambda x, y: x <= y), REAL)
SQUARED_DIFFERENCE = _binary("SquaredDifference", lambda x, y: np.square(x - y),
                             lambda op, g: (g * 2 * (op.inputs[0] - op.inputs[1]),
                                            g * -2 * (op.inputs[0] - op.inputs[1])),
                             FLOAT_COMPLEX + (F.int32, F.int64))
ATAN2 = _binary("Atan2", np.arctan2,
                lambda op, g: (g * op.inputs[1] / (square(op.inputs[0]) + square(op.inputs[1])),
                               -g * op.inputs[0] / (square(op.inputs[0]) + square(op.inputs[1]))), FLOATS)
DIV_NO_NAN = _binary("DivNoNan", _quiet(lambda x, y: np.where(y == 0, np.zeros((), x.dtype), x / y).astype(x.dtype)),
                     lambda op, g: (divide_no_nan(g, conj(op.inputs[1])),
                                    -g * conj(divide_no_nan(divide_no_nan(op.inputs[0], op.inputs[1]),
                                                            op.inputs[1]))),
                     FLOAT_COMPLEX)
EQUAL = _compare("Equal", np.equal, NUMERIC + (F.bool, F.string))
NOT_EQUAL = _compare("NotEqual", np.not_equal, NUMERIC + (F.bool, F.string))
LESS = _compare("Less", np.less, REAL)
LESS_EQUAL = _compare("LessEqual", np.less_equal, REAL)
GREATER = _compare("Greater", np.greater, REAL)
GREATER_EQUAL = _compare("GreaterEqual", np.greater_equal, REAL)
LOGICAL_AND = _compare("LogicalAnd", np.logical_and, (F.bool,))
LOGICAL_OR = _compare("LogicalOr", np.logical_or, (F.bool,))
BITWISE_AND = _binary("BitwiseAnd", np.bitwise_and, NOT_DIFFERENTIABLE, INTS)
BITWISE_OR = _binary("BitwiseOr", np.bitwise_or, NOT_DIFFERENTIABLE, INTS)
BITWISE_XOR = _binary("BitwiseXor", np.bitwise_xor, NOT_DIFFERENTIABLE, INTS)


# ---------------------------------------------------------------------------------------------
# Complex numbers: real and imaginary parts.

def _real_infer(x):
    return x._shape_tuple(), x.dtype.real_dtype


def _complex_infer(re, im):
    return shapes.broadcast(re, im)[0], F.complex128 if re.dtype is F.float64 else F.complex64


REAL_PART = declare("Real", np.real, _real_infer, lambda op, g: complex(g, zeros_like(g)), allowed=(F.complex64,
                                                                                                   F.complex128))
IMAG_PART = declare("Imag", np.imag, _real_infer, lambda op, g: complex(zeros_like(g), g), allowed=(F.complex64,
                                                                                                   F.complex128))
COMPLEX = declare("Complex", lambda re, im: (re + 1j * im).astype(np.complex128 if re.dtype == np.float64 else
                                                                  np.complex64),
                  _complex_infer, lambda op, g: (real(g), imag(g)), allowed=(F.float32, F.float64))


def real(input, name=None):
    """The real part of a complex tensor (a real tensor is returned as it is).

    >>> import tensorflux as tf
    >>> tf.math.real(tf.constant([1 + 2j])).numpy()
    array([1.])
    """
    x = as_input(input)
    return REAL_PART(x, name=name) if x.dtype.is_complex else x


def imag(input, name=None):
    """The imaginary part of a complex tensor (zeros for a real one)."""
    x = as_input(input)
    return IMAG_PART(x, name=name) if x.dtype.is_complex else zeros_like(x)


def complex(real, imag, name=None):
    """real + 1j * imag, complex64 from float32 parts and complex128 from float64 ones."""
    re, im = match_dtypes((real, imag), "Complex")
    return COMPLEX(re, im, name=name)


# ---------------------------------------------------------------------------------------------
# Cast and select.

def _cast_infer(x, *, dtype):
    return x._shape_tuple(), dtype


@primitive("Cast", _cast_infer)
def CAST(x, *, dtype):
    if x.dtype == dtype.numpy_dtype:
        return x
    if (x.dtype.kind == "O") != (dtype is F.string):
        source = "string" if x.dtype.kind == "O" else _DTYPE_NAMES.get(F.from_numpy(x.dtype).name, x.dtype.name)
        target = _DTYPE_NAMES.get(dtype.name, dtype.name)
        raise UnimplementedError(f"Cast {source} to {target} is not supported [Op:Cast]")
    if dtype.is_integer and x.dtype.kind in "fc":  # TF truncates toward zero and saturates nothing
        with np.errstate(all="ignore"):
            return np.trunc(x.real if x.dtype.kind == "c" else x).astype(dtype.numpy_dtype)
    if x.dtype.kind == "c" and not dtype.is_complex:  # the real part, as TF (NumPy would warn)
        x = x.real
    return x.astype(dtype.numpy_dtype)


@CAST.defgrad
def _cast_grad(op, g):
    source = op.inputs[0].dtype
    if not (source.is_floating or source.is_complex):
        return None
    return cast(g, source)


def _select_infer(cond, x, y):
    return shapes.broadcast_shapes(cond._shape_tuple(), x._shape_tuple(), y._shape_tuple()), x.dtype


@primitive("SelectV2", _select_infer)
def SELECT(cond, x, y):
    return np.where(cond, x, y)


@SELECT.defgrad
def _select_grad(op, g):
    cond = op.inputs[0]
    zeros = zeros_like(g)
    return None, where(cond, g, zeros), where(cond, zeros, g)


# ---------------------------------------------------------------------------------------------
# Public functions.

def _unary_fn(prim, public_name, doc):
    def fn(x, name=None):
        return prim(as_input(x), name=name)

    fn.__name__ = fn.__qualname__ = public_name
    fn.__doc__ = f"{doc}, element-wise (TF's ``{prim.name}``).\n\n    >>> import tensorflux as tf\n" \
                 f"    >>> tf.math.{public_name}(tf.constant([1.0])).shape\n    TensorShape([1])\n    "
    return fn


def _binary_fn(prim, public_name, doc):
    def fn(x, y, name=None):
        if type(x) is not EagerTensor or type(y) is not EagerTensor or x._value.dtype != y._value.dtype:
            x, y = match_dtypes((x, y), prim.name)
        return prim(x, y, name=name)

    fn.__name__ = fn.__qualname__ = public_name
    fn.__doc__ = f"{doc}, element-wise with broadcasting (TF's ``{prim.name}``).\n\n    >>> import tensorflux as tf\n" \
                 f"    >>> tf.math.{public_name}(tf.constant([1.0, 2.0]), 1.0).shape\n    TensorShape([2])\n    "
    return fn


negative = _unary_fn(NEG, "negative", "Returns -x")
abs = _unary_fn(ABS, "abs", "Absolute value")
sign = _unary_fn(SIGN, "sign", "Sign (-1, 0 or 1)")
square = _unary_fn(SQUARE, "square", "x * x")
sqrt = _unary_fn(SQRT, "sqrt", "Square root")
rsqrt = _unary_fn(RSQRT, "rsqrt", "Reciprocal square root")
exp = _unary_fn(EXP, "exp", "Exponential")
log = _unary_fn(LOG, "log", "Natural logarithm")
log1p = _unary_fn(LOG1P, "log1p", "log(1 + x)")
expm1 = _unary_fn(EXPM1, "expm1", "exp(x) - 1")
sin = _unary_fn(SIN, "sin", "Sine")
cos = _unary_fn(COS, "cos", "Cosine")
tan = _unary_fn(TAN, "tan", "Tangent")
asin = _unary_fn(ASIN, "asin", "Inverse sine")
acos = _unary_fn(ACOS, "acos", "Inverse cosine")
atan = _unary_fn(ATAN, "atan", "Inverse tangent")
sinh = _unary_fn(SINH, "sinh", "Hyperbolic sine")
cosh = _unary_fn(COSH, "cosh", "Hyperbolic cosine")
tanh = _unary_fn(TANH, "tanh", "Hyperbolic tangent")
asinh = _unary_fn(ASINH, "asinh", "Inverse hyperbolic sine")
acosh = _unary_fn(ACOSH, "acosh", "Inverse hyperbolic cosine")
atanh = _unary_fn(ATANH, "atanh", "Inverse hyperbolic tangent")
reciprocal = _unary_fn(RECIPROCAL, "reciprocal", "1 / x")
sigmoid = _unary_fn(SIGMOID, "sigmoid", "Logistic sigmoid 1 / (1 + exp(-x))")
softplus = _unary_fn(SOFTPLUS, "softplus", "log(exp(x) + 1), computed stably")
erf = _unary_fn(ERF, "erf", "Gauss error function")
floor = _unary_fn(FLOOR, "floor", "Largest integer not greater than x")
ceil = _unary_fn(CEIL, "ceil", "Smallest integer not less than x")
is_nan = _unary_fn(IS_NAN, "is_nan", "Whether x is NaN")
is_inf = _unary_fn(IS_INF, "is_inf", "Whether x is infinite")
is_finite = _unary_fn(IS_FINITE, "is_finite", "Whether x is finite")
logical_not = _unary_fn(LOGICAL_NOT, "logical_not", "Logical NOT")
invert = _unary_fn(INVERT, "invert", "Bitwise NOT")

add = _binary_fn(ADD, "add", "x + y")
subtract = _binary_fn(SUB, "subtract", "x - y")
multiply = _binary_fn(MUL, "multiply", "x * y")
floordiv = floor_div = _binary_fn(FLOOR_DIV, "floordiv", "floor(x / y)")
floormod = mod = _binary_fn(FLOOR_MOD, "floormod", "Remainder of floor division")
pow = _binary_fn(POW, "pow", "x to the power y")
maximum = _binary_fn(MAXIMUM, "maximum", "max(x, y)")
minimum = _binary_fn(MINIMUM, "minimum", "min(x, y)")
squared_difference = _binary_fn(SQUARED_DIFFERENCE, "squared_difference", "(x - y)²")
atan2 = _binary_fn(ATAN2, "atan2", "Angle of (x, y), as arctan(y / x)")
equal = _binary_fn(EQUAL, "equal", "x == y")
not_equal = _binary_fn(NOT_EQUAL, "not_equal", "x != y")
less = _binary_fn(LESS, "less", "x < y")
less_equal = _binary_fn(LESS_EQUAL, "less_equal", "x <= y")
greater = _binary_fn(GREATER, "greater", "x > y")
greater_equal = _binary_fn(GREATER_EQUAL, "greater_equal", "x >= y")
bitwise_and = _binary_fn(BITWISE_AND, "bitwise_and", "Bitwise AND")
bitwise_or = _binary_fn(BITWISE_OR, "bitwise_or", "Bitwise OR")
bitwise_xor = _binary_fn(BITWISE_XOR, "bitwise_xor", "Bitwise XOR")


def divide(x, y, name=None):
    """x / y; integers are divided as floats (TF's ``truediv``).

    >>> import tensorflux as tf
    >>> tf.divide(tf.constant(1), tf.constant(2)).dtype
    tf.float64
    """
    x, y = match_dtypes((x, y), "RealDiv")
    require_numeric_for(x, "__truediv__")
    return REAL_DIV(x, y, name=name)


def divide_no_nan(x, y, name=None):
    """x / y, and 0 where y is 0 (even when x is 0 or NaN); integers are divided as floats.

    >>> import tensorflux as tf
    >>> tf.math.divide_no_nan(tf.constant([1.0, 1.0]), tf.constant([0.0, 2.0])).numpy()
    array([0. , 0.5], dtype=float32)
    """
    x, y = match_dtypes((x, y), "DivNoNan")
    require_numeric_for(x, "tf.math.divide_no_nan")
    if x.dtype.is_integer:  # as truediv: small integers become float32, the others float64
        target = F.float32 if x.dtype.size <= 2 else F.float64
        x, y = cast(x, target), cast(y, target)
    return DIV_NO_NAN(x, y, name=name)


truediv = divide


def round(x, name=None):
    """Rounds half to even; integers are returned as they are.

    >>> import tensorflux as tf
    >>> tf.math.round(tf.constant([0.5, 1.5, -2.5])).numpy()
    array([ 0.,  2., -2.], dtype=float32)
    """
    x = as_input(x)
    return x if x.dtype.is_integer else ROUND(x, name=name)


def conj(x, name=None):
    """The complex conjugate; real tensors are returned as they are.

    >>> import tensorflux as tf
    >>> tf.math.conj(tf.constant([1 + 2j])).numpy()
    array([1.-2.j])
    """
    x = as_input(x)
    if not x.dtype.is_numeric:
        raise TypeError(f"Expected numeric or variant tensor, got dtype {x.dtype!r}.")
    return CONJ(x, name=name) if x.dtype.is_complex else x


def logical_and(x, y, name=None):
    """x AND y, element-wise with broadcasting, for bool tensors.

    >>> import tensorflux as tf
    >>> tf.math.logical_and([True, True], [True, False]).numpy()
    array([ True, False])
    """
    x, y = match_dtypes((x, y), "LogicalAnd")
    return LOGICAL_AND(require_bool(x, "LogicalAnd"), require_bool(y, "LogicalAnd", 1), name=name)


def logical_or(x, y, name=None):
    """x OR y, element-wise with broadcasting, for bool tensors."""
    x, y = match_dtypes((x, y), "LogicalOr")
    return LOGICAL_OR(require_bool(x, "LogicalOr"), require_bool(y, "LogicalOr", 1), name=name)


def logical_xor(x, y, name=None):
    """x XOR y for booleans, as TF composes it: (x OR y) AND NOT (x AND y)."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)))


def cast(x, dtype, name=None):
    """Casts to ``dtype``; floats to integers truncate toward zero, as in TF.

    >>> import tensorflux as tf
    >>> tf.cast(tf.constant([1.7, -1.7]), tf.int32).numpy()
    array([ 1, -1], dtype=int32)
    """
    dtype = dtypes.as_dtype(dtype)
    x = as_input(x)
    if x.dtype is dtype:
        return x
    return CAST(x, dtype=dtype, name=name)


def where(condition, x=None, y=None, name=None):
    """Elementwise select when ``x`` and ``y`` are given; else the indices of true elements.

    >>> import tensorflux as tf
    >>> tf.where([True, False], 1.0, 2.0).numpy()
    array([1., 2.], dtype=float32)
    """
    if x is None and y is None:
        from .array import where_indices

        return where_indices(condition, name=name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    condition = as_input(condition, dtypes.bool)
    x, y = match_dtypes((x, y), "SelectV2")
    return SELECT(condition, x, y, name=name)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clips values to [min, max] (TF composes it from minimum and maximum, and so do we).

    >>> import tensorflux as tf
    >>> tf.clip_by_value([-2.0, 0.5, 3.0], -1.0, 1.0).numpy()
    array([-1. ,  0.5,  1. ], dtype=float32)
    """
    t = as_input(t)
    return maximum(minimum(t, clip_value_max), clip_value_min)


def add_n(inputs, name=None):
    """Sums a list of tensors of one shape and dtype.

    >>> import tensorflux as tf
    >>> tf.add_n([tf.ones(2), tf.ones(2)]).numpy()
    array([2., 2.], dtype=float32)
    """
    tensors = match_dtypes(list(inputs), "AddN")
    if not tensors:
        raise ValueError("inputs must be a list of at least one Tensor with the same dtype and shape")
    return ADD_N(*tensors, name=name)


def ones_like(input, dtype=None, name=None):
    """A tensor of ones shaped like ``input``."""
    x = as_input(input)
    out = ONES_LIKE(x, name=name)
    return out if dtype is None else cast(out, dtype)


def zeros_like(input, dtype=None, name=None):
    """A tensor of zeros shaped like ``input``."""
    x = as_input(input)
    out = ZEROS_LIKE(x, name=name)
    return out if dtype is None else cast(out, dtype)


def scalar_mul(scalar, x, name=None):
    return multiply(scalar, x, name=name)


def softsign(features, name=None):
    """x / (1 + |x|)."""
    x = require_dtype(as_input(features), (F.float16, F.bfloat16, F.float32, F.float64), "Softsign")
    return x / (1 + abs(x))


def xlogy(x, y, name=None):
    """x * log(y), 0 where x is 0."""
    x, y = match_dtypes((x, y), "Xlogy")
    return where(equal(x, 0), zeros_like(x), x * log(where(equal(x, 0), ones_like(y), y)))
