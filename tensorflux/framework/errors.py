"""TensorFlow's error classes (``tf.errors``), with TF's codes and constructor."""


class OpError(Exception):
    """Base of the errors raised by failing ops: ``OpError(node_def, op, message)``."""

    code = 2

    def __init__(self, node_def=None, op=None, message="", *args):
        if message == "" and isinstance(node_def, str) and op is None:
            node_def, message = None, node_def  # OpError("text") is also accepted
        super().__init__(message)
        self.node_def = node_def
        self.op = op
        self.message = message

    def __str__(self) -> str:
        return self.message


def _error(name: str, code: int, base=OpError):
    return type(name, (base,), {"code": code, "__doc__": f"TensorFlow's ``{name}`` (code {code})."})


CancelledError = _error("CancelledError", 1)
UnknownError = _error("UnknownError", 2)
InvalidArgumentError = _error("InvalidArgumentError", 3)
DeadlineExceededError = _error("DeadlineExceededError", 4)
NotFoundError = _error("NotFoundError", 5)
AlreadyExistsError = _error("AlreadyExistsError", 6)
PermissionDeniedError = _error("PermissionDeniedError", 7)
ResourceExhaustedError = _error("ResourceExhaustedError", 8)
FailedPreconditionError = _error("FailedPreconditionError", 9)
AbortedError = _error("AbortedError", 10)
OutOfRangeError = _error("OutOfRangeError", 11)
UnimplementedError = _error("UnimplementedError", 12)
InternalError = _error("InternalError", 13)
UnavailableError = _error("UnavailableError", 14)
DataLossError = _error("DataLossError", 15)
UnauthenticatedError = _error("UnauthenticatedError", 16)


class OperatorNotAllowedInGraphError(TypeError):
    """Raised when a symbolic tensor is used as a Python bool or iterated (TF's class)."""
