"""``Layer``: the Keras building block — state (weights) plus computation (``call``).

The contract, as in Keras 3: ``__init__`` validates and stores the config; ``build(input_shape)``
creates the weights with ``add_weight`` (called once, on first use); ``call(inputs, training=None)``
computes with tf ops; ``compute_output_shape`` and ``get_config`` complete it.

``__call__`` does the rest: converts inputs (NumPy arrays become tensors, floats are cast to the
layer's dtype), checks them against ``input_spec``, builds, resolves ``training`` (explicit
argument, else the enclosing layer's, else the ``call`` default), then either computes (real
tensors) or — for KerasTensors — infers the output shapes and records a ``Node`` of the model
graph.
"""

from __future__ import annotations

import collections
import functools
import inspect
import warnings

import numpy as np

from ...framework import nest
from ...framework.tensor import EagerTensor, TensorOperators
from .. import constraints, dtype_policies, initializers, regularizers
from ..api_export import keras_export
from ..graph.keras_tensor import KerasTensor
from ..graph.node import Node
from ..graph.operation import Operation
from ..name_scope import current_path, name_scope
from ..utils.dtype_utils import standardize_dtype, standardize_shape
from ..utils.traceback_utils import call_with_context
from ..utils.tracking import TrackedDict, TrackedList
from .input_spec import assert_input_compatibility

_CALL_CONTEXT = [None]  # the context of the outermost layer call in progress

_PLAIN = frozenset({bool, int, float, str, type(None)})  # values that are never state

# Bookkeeping attributes whose values are never tracked as state (the tracker's own lists, the
# graph of a model, the inner functional model of a Sequential).
_UNTRACKED = frozenset({"_layers", "_trainable_variables", "_non_trainable_variables", "_metrics", "_functional",
                        "_inbound_nodes", "_outbound_nodes", "_operations", "_nodes", "_nodes_by_depth",
                        "_operations_by_depth", "_inputs", "_outputs", "_inputs_struct", "_outputs_struct",
                        "_losses", "_build_shapes_dict", "_auto_config"})


def default(method):
    """Marks a base-class method whose override (or not) changes what ``Layer`` does."""
    method._is_default = True
    return method


def is_default(method) -> bool:
    return getattr(method, "_is_default", False)


def _wrap_build(build):
    """Opens the layer's name scope, records the build shapes, marks it built, locks its state."""
    signature = inspect.signature(build)

    @functools.wraps(build)
    def build_wrapper(self, *args, **kwargs):
        if self._build_depth:  # ``super().build(...)`` inside a subclass's build
            return build(self, *args, **kwargs)
        self._build_depth += 1
        try:
            with self._open_name_scope():
                self._path = current_path()
                build(self, *args, **kwargs)
        finally:
            self._build_depth -= 1
        arguments = signature.bind(self, *args, **kwargs).arguments
        arguments.pop(next(iter(signature.parameters)))
        self._build_shapes_dict = dict(arguments)
        self.built = True
        self._lock_state()

    return build_wrapper


@keras_export(["keras.Layer", "keras.layers.Layer"])
class Layer(Operation):
    """The class from which all layers inherit.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> class Linear(keras.layers.Layer):
    ...     def __init__(self, units=2, **kwargs):
    ...         super().__init__(**kwargs)
    ...         self.units = units
    ...     def build(self, input_shape):
    ...         self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones")
    ...     def call(self, inputs):
    ...         return tf.matmul(inputs, self.w)
    >>> Linear()(tf.ones((1, 3))).numpy()
    array([[3., 3.]], dtype=float32)
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__ and not is_default(cls.__dict__["build"]):
            cls.build = _wrap_build(cls.__dict__["build"])

    def __new__(cls, *args, **kwargs):
        obj = super().__new__(cls)
        object.__setattr__(obj, "_auto_config", _auto_config(cls, args, kwargs))
        object.__setattr__(obj, "_build_depth", 0)
        return obj

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None, autocast=True, name=None,
                 **kwargs):
        self._lock = False
        Operation.__init__(self, name=name)
        self._dtype_policy = dtype_policies.get(dtype)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        input_dim = kwargs.pop("input_dim", None)
        input_shape = (input_dim,) if input_dim is not None else kwargs.pop("input_shape", None)
        if input_shape is not None:
            warnings.warn("Do not pass an `input_shape`/`input_dim` argument to a layer. When using Sequential "
                          "models, prefer using an `Input(shape)` object as the first layer in the model instead.",
                          stacklevel=2)
            self._input_shape_arg = tuple(input_shape) if isinstance(input_shape, list) else input_shape
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to {self.__class__.__name__}: {kwargs}")
        self._path = None
        self.built = False
        self.autocast = autocast
        self._input_spec = None
        self._called = False
        self.supports_jit = True
        if not isinstance(trainable, bool):
            raise ValueError(f"Expected `trainable` to be a boolean. Received: trainable={trainable} (of type "  # noqa: TRY004
                             f"{type(trainable)})")
        self._trainable = trainable
        self._losses = []
        self._call_signature = inspect.signature(self.call)
        parameters = self._call_signature.parameters
        self.call_signature_parameters = list(parameters)
        self._call_has_training_arg = "training" in parameters
        self._call_has_mask_arg = "mask" in parameters
        self._call_context_args = {"training"}
        self._call_has_context_arg = {"training": self._call_has_training_arg}
        self._supports_masking = not is_default(self.compute_mask)
        self._convert_input_args = True
        self._allow_non_tensor_positional_args = False
        self._build_shapes_dict = None
        self._parent_path = None
        self._initialize_tracker()

    # --- state tracking ----------------------------------------------------------------------------

    def _initialize_tracker(self):
        if "_tracker_locked" in self.__dict__:
            return
        object.__setattr__(self, "_trainable_variables", [])
        object.__setattr__(self, "_non_trainable_variables", [])
        object.__setattr__(self, "_layers", [])
        object.__setattr__(self, "_metrics", [])
        object.__setattr__(self, "_tracker_locked", False)

    def _track(self, value):
        """Records a sub-layer or variable (or the ones in a list/dict); returns what to store."""
        from ..variables import Variable

        if isinstance(value, Layer) and not _is_metric(value):
            if not any(value is x for x in self._layers):
                self._check_unlocked()
                self._layers.append(value)
        elif isinstance(value, Variable):
            if not any(value is v for v in self._trainable_variables + self._non_trainable_variables):
                self._check_unlocked()
                self._track_variable(value)
        elif _is_metric(value):
            if not any(value is m for m in self._metrics):
                self._metrics.append(value)
        elif type(value) is list:
            return TrackedList(value, self._track)
        elif type(value) is dict:
            return TrackedDict(value, self._track)
        elif type(value) is tuple:
            for v in value:
                self._track(v)
        return value

    def _check_unlocked(self):
        if self._tracker_locked:
            raise ValueError("You cannot add new elements of state (variables or sub-layers) to a layer that is "
                             "already built. All state must be created in the `__init__()` method or in the "
                             "`build()` method.")

    def _track_variable(self, variable):
        if variable.trainable:
            self._trainable_variables.append(variable)
        else:
            self._non_trainable_variables.append(variable)
        if not self.trainable:
            variable.trainable = False

    def _untrack_variable(self, variable):
        for store in (self._trainable_variables, self._non_trainable_variables):
            for i, v in enumerate(store):
                if v is variable:
                    del store[i]
                    return

    def _lock_state(self):
        """No new state once built (Functional and Sequential models stay open)."""
        self._tracker_locked = True

    def __setattr__(self, name, value):
        if name not in _UNTRACKED and type(value) not in _PLAIN and "_tracker_locked" in self.__dict__:
            value = self._track(value)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        from ..variables import Variable

        value = getattr(self, name)
        if isinstance(value, Variable):
            self._untrack_variable(value)
        elif isinstance(value, Layer):
            self._layers[:] = [x for x in self._layers if x is not value]
        object.__delattr__(self, name)

    def _check_super_called(self):
        if self.__dict__.get("_lock", True):
            raise RuntimeError(f"In layer '{self.__class__.__name__}', you forgot to call `super().__init__()` as "
                               "the first statement in the `__init__()` method. Go add it!")

    def _build_at_init(self):
        """Layers without weights are built as soon as they exist (as Keras marks them)."""
        if is_default(self.build):
            self.built = True
            self._lock_state()

    # --- weights -----------------------------------------------------------------------------------

    def add_weight(self, *args, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none", overwrite_with_gradient=False, name=None):
        """Creates a weight (a ``keras.Variable``) owned and tracked by this layer.

        Args:
            shape: the variable's shape (``()`` by default).
            initializer: an initializer or its name (``"glorot_uniform"`` for floats by default,
                ``"zeros"`` for other dtypes).
            dtype: defaults to the layer's variable dtype.
            trainable: whether optimizers update it.
            regularizer: its penalty, added to ``layer.losses``.
            constraint: a projection applied after each optimizer update.
            name: the variable's name (``kernel``); its path is the layer's path plus this name.
        """
        from ..variables import Variable

        self._check_super_called()
        if args:
            if len(args) > 3:
                raise TypeError(f"add_weight() takes at most 3 positional arguments but {len(args)} were given.")
            if isinstance(args[0], str):
                raise ValueError(f"`name` must be passed as a keyword argument. Received: add_weight('{args[0]}', "
                                 f"...). Use: add_weight(shape=..., name='{args[0]}').")
            shape = args[0]
            initializer = args[1] if len(args) > 1 else initializer
            dtype = args[2] if len(args) > 2 else dtype
        shape = () if shape is None else shape
        dtype = standardize_dtype(dtype) if dtype is not None else self.variable_dtype
        if initializer is None:
            initializer = "glorot_uniform" if "float" in dtype else "zeros"
        initializer = initializers.get(initializer)
        with name_scope(self.name, caller=self):
            variable = Variable(initializer=initializer, shape=shape, dtype=dtype, trainable=trainable,
                                autocast=autocast, aggregation=aggregation, name=name)
        variable.regularizer = regularizers.get(regularizer)
        variable.constraint = constraints.get(constraint)
        variable.overwrite_with_gradient = overwrite_with_gradient
        self._check_unlocked()
        self._track_variable(variable)
        return variable

    def add_variable(self, shape, initializer, dtype=None, trainable=True, autocast=True, regularizer=None,
                     constraint=None, name=None):
        """Alias of ``add_weight``."""
        return self.add_weight(shape=shape, initializer=initializer, dtype=dtype, trainable=trainable,
                               autocast=autocast, regularizer=regularizer, constraint=constraint, name=name)

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value) -> None:
        """Freezes (or unfreezes) the layer's weights and those of all its sub-layers."""
        value = bool(value)
        self._trainable = value
        for v in self._trainable_variables:
            v.trainable = value
        for layer in self._layers:
            layer.trainable = value

    @property
    def variables(self) -> list:
        """All the layer's state, sub-layers' included (each variable once)."""
        out, seen = [], set()
        for v in self._trainable_variables + self._non_trainable_variables:
            if id(v) not in seen:
                out.append(v)
                seen.add(id(v))
        for layer in self._layers:
            for v in layer.variables:
                if id(v) not in seen:
                    out.append(v)
                    seen.add(id(v))
        return out

    @property
    def trainable_variables(self) -> list:
        return [v for v in self.variables if v.trainable] if self.trainable else []

    @property
    def non_trainable_variables(self) -> list:
        return self.variables if not self.trainable else [v for v in self.variables if not v.trainable]

    @property
    def weights(self) -> list:
        """Own weights (trainable first), then the sub-layers', each once."""
        out, seen = [], set()
        for w in self._trainable_variables + self._non_trainable_variables:
            if id(w) not in seen:
                out.append(w)
                seen.add(id(w))
        for layer in self._layers:
            for w in layer.weights:
                if id(w) not in seen:
                    out.append(w)
                    seen.add(id(w))
        return out

    @property
    def trainable_weights(self) -> list:
        return [v for v in self.weights if v.trainable] if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        return self.weights if not self.trainable else [v for v in self.weights if not v.trainable]

    @property
    def metrics(self) -> list:
        out = list(self._metrics)
        for layer in self._layers:
            out.extend(layer.metrics)
        return out

    @property
    def metrics_variables(self) -> list:
        return [v for m in self.metrics for v in m.variables]

    def get_weights(self) -> list:
        """The values of ``layer.weights``, as NumPy arrays."""
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights) -> None:
        """Sets ``layer.weights`` from NumPy arrays, in the same order."""
        layer_weights = self.weights
        if len(layer_weights) != len(weights):
            raise ValueError(f"You called `set_weights(weights)` on layer '{self.name}' with a weight list of length "
                             f"{len(weights)}, but the layer was expecting {len(layer_weights)} weights.")
        for variable, value in zip(layer_weights, weights):
            value_shape = tuple(np.shape(value))
            if tuple(variable.shape.as_list()) != value_shape:
                raise ValueError(f"Layer {self.name} weight shape {tuple(variable.shape.as_list())} is not compatible "
                                 f"with provided weight shape {value_shape}.")
            variable.assign(np.asarray(value))

    def save_own_variables(self, store) -> None:
        """Writes this layer's own variables (not its sub-layers') to ``store`` as ``"0"``, ``"1"``, …"""
        for i, variable in enumerate(self._trainable_variables + self._non_trainable_variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store) -> None:
        """Reads what ``save_own_variables`` wrote (the hook ``model.save``/``load_model`` call)."""
        from ..saving.weights_check import assign_own_variables

        assign_own_variables(self, self._trainable_variables + self._non_trainable_variables, store)

    def count_params(self) -> int:
        """The number of scalars in the layer's weights."""
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer '{self.name}', but the layer isn't built. "
                             "You can build it manually via: `layer.build(input_shape)`.")
        return count_params(self.weights)

    # --- dtypes --------------------------------------------------------------------------------------

    @property
    def dtype_policy(self):
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value):
        self._dtype_policy = dtype_policies.get(value)

    @property
    def dtype(self) -> str:
        """The dtype of the layer's weights."""
        return self.variable_dtype

    @property
    def compute_dtype(self) -> str:
        return self._dtype_policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._dtype_policy.variable_dtype

    @property
    def input_dtype(self) -> str:
        return self.compute_dtype

    # --- building ------------------------------------------------------------------------------------

    @property
    def path(self):
        """Where the layer lives (``sequential/dense``); ``None`` until built."""
        return self._path

    @property
    def input_spec(self):
        return self._input_spec

    @input_spec.setter
    def input_spec(self, value):
        self._input_spec = value

    @default
    def build(self, input_shape):
        """Creates the layer's weights; the default has none to create."""
        self._check_super_called()
        self.built = True

    def get_build_config(self):
        if self._build_shapes_dict is not None:
            if len(self._build_shapes_dict) == 1:
                return {"input_shape": next(iter(self._build_shapes_dict.values()))}
            return {"shapes_dict": self._build_shapes_dict}
        return None

    def build_from_config(self, config):
        if config:
            if "input_shape" in config and is_default(self.build) and self._layers:
                # no build of its own: its sub-layers are built by running call on a symbolic input, as Keras does
                with self._open_name_scope():
                    self.compute_output_spec(KerasTensor(config["input_shape"], dtype=self.input_dtype))
                self._build_shapes_dict = {"input_shape": config["input_shape"]}
                self.built = True
            elif "input_shape" in config:
                self.build(config["input_shape"])
            elif "shapes_dict" in config:
                self.build(**config["shapes_dict"])

    def _open_name_scope(self):
        if self._parent_path is None:
            self._parent_path = current_path()
        return name_scope(self.name, caller=self)

    def _maybe_build(self, call_spec):
        if self.built:
            return
        shapes = _shapes_dict(call_spec)
        first_shape = next(iter(shapes.values()), None)
        if not is_default(self.build):
            self.build(**_shapes_for(self.build, shapes, call_spec, self.__class__.__name__))
            self._assert_input_compatibility(call_spec.first_arg)
            return
        # The default build creates nothing: record what the build wrapper would (sub-layers, if any,
        # build on their own first call, inside this call).
        self._build_shapes_dict = {"input_shape": first_shape}
        self._path = current_path()
        self.built = True
        self._lock_state()

    # --- calling -------------------------------------------------------------------------------------

    def __call__(self, *args, **kwargs):
        self._check_super_called()
        self._called = True
        symbolic = _any_keras_tensor(args, kwargs)
        original_args, original_kwargs = args, kwargs
        if self._convert_input_args:
            args, kwargs = self._convert_inputs(args, kwargs)
        if not self._allow_non_tensor_positional_args and not (len(args) == 1 and isinstance(args[0],
                                                                                               TensorOperators)):
            for arg in nest.flatten(args):
                if not (arg is None or isinstance(arg, TensorOperators)):
                    raise ValueError("Only input tensors may be passed as positional arguments. The following "
                                     f"argument value should be passed as a keyword argument: {arg} (of type "
                                     f"{type(arg)})")
        call_spec = CallSpec(self._call_signature, args, kwargs)
        if self._call_has_mask_arg and call_spec.arguments.get("mask") is None and \
                len(call_spec.tensor_arguments) == 1:
            # Keras fills in the input's mask (tensorflux keeps none: None) and records it in the node
            kwargs = {**kwargs, "mask": None}
            original_kwargs = {**original_kwargs, "mask": None}
        self._assert_input_compatibility(call_spec.first_arg)
        if not self.built:
            with self._open_name_scope():
                self._maybe_build(call_spec)
        entered = _CALL_CONTEXT[0] is None
        if entered:
            _CALL_CONTEXT[0] = CallContext(self)
            self._clear_losses()
        try:
            kwargs = self._resolve_training(call_spec, kwargs)
            with self._open_name_scope():
                fn = self.compute_output_spec if symbolic else self.call
                outputs = call_with_context(fn, f"{self.__class__.__name__}.call()", args, kwargs)
                self.built = True
                if self.activity_regularizer is not None and not symbolic:
                    self._add_activity_loss(outputs)
        finally:
            if entered:
                _CALL_CONTEXT[0] = None
        if symbolic:
            Node(self, call_args=original_args, call_kwargs=original_kwargs, outputs=outputs)
        return outputs

    def call(self, *args, **kwargs):
        raise NotImplementedError(f"Layer {self.__class__.__name__} does not have a `call()` method implemented.")

    def symbolic_call(self, *args, **kwargs):
        return self.compute_output_spec(*args, **kwargs)

    def _convert_inputs(self, args, kwargs):
        """NumPy arrays → tensors; floating inputs cast to the layer's compute dtype (autocast)."""
        dtype = self.input_dtype

        def convert(x):
            return _convert_input(x, self.autocast, dtype)

        if not kwargs and len(args) == 1 and isinstance(args[0], TensorOperators):
            return (convert(args[0]),), kwargs
        return nest.map_structure(convert, args), nest.map_structure(convert, kwargs)

    def _resolve_training(self, call_spec, kwargs):
        """``training``: the explicit argument, else the outer call's, else ``call``'s default."""
        context = _CALL_CONTEXT[0]
        if "training" in call_spec.user_arguments:
            value = call_spec.user_arguments["training"]
        elif context.training is not None:
            value = context.training
        else:
            value = call_spec.arguments.get("training")
        context.training = value
        if self._call_has_training_arg and value is not None:
            kwargs = dict(kwargs)
            kwargs["training"] = value
        elif "training" in kwargs and not self._call_has_training_arg:
            kwargs = {k: v for k, v in kwargs.items() if k != "training"}
        return kwargs

    def _assert_input_compatibility(self, arg_0):
        if self.input_spec:
            assert_input_compatibility(self.input_spec, arg_0, layer_name=self.name)

    def compute_output_spec(self, *args, **kwargs):
        """Output KerasTensors: from ``compute_output_shape`` if defined, else by tracing ``call``."""
        if is_default(self.compute_output_shape):
            return super().compute_output_spec(*args, **kwargs)
        call_spec = CallSpec(self._call_signature, args, kwargs)
        shapes = _shapes_for(self.compute_output_shape, _shapes_dict(call_spec), call_spec,
                             self.__class__.__name__)
        output_shape = self.compute_output_shape(**shapes)
        if isinstance(output_shape, list) and output_shape and isinstance(output_shape[0], (int, type(None))):
            output_shape = tuple(output_shape)
        if isinstance(output_shape, tuple) and (not output_shape or isinstance(output_shape[0], (int, type(None)))):
            return KerasTensor(output_shape, dtype=self.compute_dtype)
        return _map_shape_structure(lambda s: KerasTensor(s, dtype=self.compute_dtype), output_shape)

    @default
    def compute_output_shape(self, *args, **kwargs):
        raise NotImplementedError(f"Layer {self.__class__.__name__} should implement "
                                  "`def compute_output_shape(self, input_shape)`.")

    @property
    def supports_masking(self) -> bool:
        return self._supports_masking

    @supports_masking.setter
    def supports_masking(self, value) -> None:
        self._supports_masking = value

    @default
    def compute_mask(self, inputs, previous_mask):
        return previous_mask

    # --- losses --------------------------------------------------------------------------------------

    def add_loss(self, loss):
        """Adds a scalar loss (inside ``call``); ``layer.losses`` returns it until the next call."""
        for x in nest.flatten(loss):
            if not isinstance(x, TensorOperators):
                raise ValueError("`add_loss()` can only be called from inside `build()` or `call()`, on a tensor "  # noqa: TRY004
                                 f"input. Received invalid value: {x}")
            self._losses.append(x)

    def _add_activity_loss(self, outputs):
        import tensorflux as tf

        for output in nest.flatten(outputs):
            if isinstance(output, TensorOperators):
                loss = self.activity_regularizer(output)
                if output.shape.rank:
                    loss = tf.math.divide_no_nan(loss, tf.cast(tf.shape(output)[0], loss.dtype))
                self.add_loss(loss)

    @property
    def losses(self) -> list:
        """Losses added in the last call (this layer's and its sub-layers') plus weight penalties."""
        losses = list(self._losses)
        for layer in self._flatten_layers(include_self=False):
            losses.extend(layer._losses)
        for variable in self.trainable_weights:
            if getattr(variable, "regularizer", None) is not None:
                losses.append(variable.regularizer(variable))
        return losses

    def _clear_losses(self):
        self._losses.clear()
        for layer in self._layers:
            layer._clear_losses()

    def _flatten_layers(self, include_self=True, recursive=True) -> list:
        layers = [self] if include_self else []
        seen = set()
        queue = collections.deque(self._layers)
        while queue:
            layer = queue.popleft()
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            layers.append(layer)
            if recursive:
                queue.extendleft(layer._layers)
        return layers

    # --- configuration -------------------------------------------------------------------------------

    @default
    def get_config(self) -> dict:
        self._check_super_called()
        config = {"name": self.name}
        if is_default(self.get_config):  # Keras' automatic config: the constructor's plain arguments
            auto = self.__dict__.get("_auto_config")
            if auto is None:
                raise NotImplementedError(
                    f"Object {self.__class__.__name__} was created by passing non-serializable argument values in "
                    "`__init__()`, and therefore the object must override `get_config()` in order to be "
                    "serializable. Please implement `get_config()`.")
            config.update(auto)
            params = inspect.signature(self.__init__).parameters
            if "name" not in params and not any(p.kind == p.VAR_KEYWORD for p in params.values()):
                config.pop("name", None)
        config.update({"trainable": self.trainable, "dtype": dtype_policies.serialize(self.dtype_policy)})
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        if "dtype" in config and isinstance(config["dtype"], dict):
            config = dict(config)
            config["dtype"] = dtype_policies.deserialize(config["dtype"]).name
        try:
            return cls(**config)
        except Exception as e:  # noqa: BLE001
            raise TypeError(f"Error when deserializing class '{cls.__name__}' using config={config}.\n\nException "
                            f"encountered: {e}") from None

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} name={self.name}, built={self.built}>"

    __str__ = __repr__


# ---------------------------------------------------------------------------------------------
# Helpers of ``__call__``.

class CallContext:
    """What an outer layer's call passes down to the layers it calls (``training``)."""

    def __init__(self, entry_layer):
        self.entry_layer = entry_layer
        self.training = None


class CallSpec:
    """The arguments of one call, bound to ``call``'s signature."""

    __slots__ = ("arguments", "eager", "first_arg", "tensor_arguments", "user_arguments")

    def __init__(self, signature, args, kwargs):
        extra = {}
        if "training" in kwargs and "training" not in signature.parameters:
            kwargs = dict(kwargs)
            extra["training"] = kwargs.pop("training")
        simple = _simple_parameters(signature)
        if simple is not None and len(args) <= len(simple) and all(k in simple for k in kwargs):
            # the common case, without ``inspect``'s general binding (it costs more than a small matmul)
            names = tuple(simple)
            given = dict(zip(names, args))
            for key, value in kwargs.items():
                if key in given:
                    raise TypeError(f"multiple values for argument '{key}'")
                given[key] = value
            missing = [n for n in names if n not in given and simple[n] is inspect.Parameter.empty]
            if missing:
                raise TypeError(f"missing a required argument: '{missing[0]}'")
            self.user_arguments = {**extra, **given}
            self.arguments = {n: given[n] if n in given else simple[n] for n in names}
        else:
            bound = signature.bind(*args, **kwargs)
            self.user_arguments = {**extra, **bound.arguments}
            bound.apply_defaults()
            self.arguments = dict(bound.arguments)
        self.tensor_arguments = {}
        for name, value in self.arguments.items():
            if isinstance(value, TensorOperators):
                self.tensor_arguments[name] = value
            elif isinstance(value, (list, tuple, dict)) and value:
                flat = nest.flatten(value)
                if all(x is None or isinstance(x, TensorOperators) for x in flat):
                    self.tensor_arguments[name] = value
                elif any(isinstance(x, TensorOperators) for x in flat):
                    raise ValueError("In a nested call() argument, you cannot mix tensors and non-tensors. Received "
                                     f"invalid mixed argument: {name}={value}")
        self.first_arg = next(iter(self.arguments.values()), None)


_SIMPLE_PARAMETERS: dict = {}


def _simple_parameters(signature):
    """``{name: default}`` when every parameter is positional-or-keyword (no ``*args``/``**kwargs``)."""
    key = id(signature)
    if key not in _SIMPLE_PARAMETERS:
        params = signature.parameters.values()
        simple = all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)
        _SIMPLE_PARAMETERS[key] = (signature, {p.name: p.default for p in params} if simple else None)
    return _SIMPLE_PARAMETERS[key][1]


def _shapes_dict(call_spec) -> dict:
    """``{"inputs_shape": (None, 3)}``: the shapes of the tensor arguments, by argument name."""
    shapes = {}
    for name, value in call_spec.tensor_arguments.items():
        if name in ("mask", "kwargs", "args"):
            continue
        shapes[f"{name}_shape"] = nest.map_structure(lambda x: None if x is None else standardize_shape(x.shape),
                                                     value)
    return shapes


def _shapes_for(target_fn, shapes, call_spec, class_name) -> dict:
    """Matches the shapes to ``build``'s (or ``compute_output_shape``'s) parameters, as Keras does."""
    names = [n for n, p in inspect.signature(target_fn).parameters.items()
             if p.kind in (p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY, p.KEYWORD_ONLY)]
    if len(names) == 1:
        values = tuple(shapes.values())
        return {names[0]: values[0] if values else None}
    out = {}
    method = target_fn.__name__
    preamble = (f"For a `{method}()` method with more than one argument, all arguments should have a `_shape` "
                f"suffix and match an argument from `call()`. E.g. `{method}(self, foo_shape, bar_shape)` ")
    for name in names:
        if not name.endswith("_shape"):
            raise ValueError(f"{preamble} For layer '{class_name}', Received `{method}()` argument `{name}`, which "
                             "does not end in `_shape`.")
        if name[: -len("_shape")] not in call_spec.arguments:
            raise ValueError(f"{preamble} For layer '{class_name}', received `{method}()` argument `{name}`, but "
                             f"`call()` does not have argument `{name[:-len('_shape')]}`.")
        if name in shapes:
            out[name] = shapes[name]
    return out


def _convert_input(x, autocast, dtype):
    import tensorflux as tf

    if type(x) is EagerTensor:
        value_dtype = x._value.dtype
        if not autocast or value_dtype.kind != "f" or value_dtype == _numpy_dtype(dtype):
            return x
    if isinstance(x, KerasTensor):
        if autocast and x.dtype.is_floating and x.dtype.name != dtype and "float" in dtype:
            return KerasTensor(x.shape, dtype=dtype, name=x.name)
        return x
    if isinstance(x, TensorOperators):
        if autocast and x.dtype.is_floating and x.dtype.name != dtype and "float" in dtype:
            return tf.cast(x, dtype)
        return x
    if isinstance(x, (np.ndarray, np.generic)):
        x = tf.convert_to_tensor(x)
        if autocast and x.dtype.is_floating and x.dtype.name != dtype and "float" in dtype:
            x = tf.cast(x, dtype)
        return x
    return x


_NUMPY_DTYPES: dict = {}


def _numpy_dtype(name):
    if name not in _NUMPY_DTYPES:
        from ...framework import dtypes

        _NUMPY_DTYPES[name] = dtypes.as_dtype(name).numpy_dtype
    return _NUMPY_DTYPES[name]


def _any_keras_tensor(args, kwargs) -> bool:
    if not kwargs and len(args) == 1 and isinstance(args[0], TensorOperators):
        return isinstance(args[0], KerasTensor)
    return any(isinstance(x, KerasTensor) for x in nest.flatten((args, kwargs)))


def _map_shape_structure(fn, structure):
    if isinstance(structure, tuple) and all(d is None or isinstance(d, int) for d in structure):
        return fn(structure)
    if isinstance(structure, dict):
        return {k: _map_shape_structure(fn, v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map_shape_structure(fn, v) for v in structure)
    return fn(tuple(structure))


def _is_metric(value) -> bool:
    return any(cls.__name__ == "Metric" for cls in type(value).__mro__) and hasattr(value, "update_state")


def count_params(weights) -> int:
    return int(sum(int(np.prod(w.shape.as_list())) for w in weights))


def _auto_config(cls, args, kwargs):
    """The ``__init__`` arguments, kept when all are plain values (Keras' automatic ``get_config``)."""
    try:
        bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
    except TypeError:
        return None
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    spec = inspect.getfullargspec(cls.__init__)
    arguments.pop(spec.args[0], None)
    if spec.varkw:
        arguments.update(arguments.pop(spec.varkw, {}))
    if spec.varargs and arguments.pop(spec.varargs, ()):
        return None
    arguments.pop("name", None)
    for value in nest.flatten(arguments):
        if not isinstance(value, (str, int, float, bool, type(None))):
            return None
    return arguments
