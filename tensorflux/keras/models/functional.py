"""``Functional``: a model defined as a graph of layer calls, from ``keras.Input`` to its outputs.

``Model(inputs, outputs)`` finds the graph by walking back from the outputs (``graph/function.py``);
calling the model calls each layer, in topological order, on real tensors.
"""

from __future__ import annotations

import copy
import warnings

import numpy as np

import tensorflux as tf

from ...framework import nest
from ...framework.tensor import TensorOperators
from ..api_export import keras_private
from ..graph.function import check_connected, make_node_key, map_graph, run_through_graph
from ..graph.keras_tensor import KerasTensor
from ..graph.node import KerasHistory, Node
from ..graph.operation import Operation
from ..layers.core.input_layer import InputLayer
from ..layers.input_spec import InputSpec, assert_input_compatibility
from ..layers.layer import Layer
from ..saving.serialization import deserialize_keras_object, serialize_keras_object
from .model import Model


@keras_private("keras.src.models.functional.Functional")
class Functional(Model):
    """A model whose ``call`` runs the graph of layers between ``inputs`` and ``outputs``."""

    def __new__(cls, *args, **kwargs):
        return Layer.__new__(cls, *args, **kwargs)

    def __init__(self, inputs, outputs, name=None, **kwargs):
        if isinstance(inputs, dict):
            for k, v in inputs.items():
                if isinstance(v, KerasTensor) and k != v.name:
                    warnings.warn("When providing `inputs` as a dict, all keys in the dict must match the names of "
                                  f"the corresponding tensors. Received key '{k}' mapping to value {v} which has name "
                                  f"'{v.name}'. Change the tensor name to '{k}' (via `Input(..., name='{k}')`)",
                                  stacklevel=2)
        trainable = kwargs.pop("trainable", None)
        for label, structure in (("inputs", inputs), ("outputs", outputs)):
            for x in nest.flatten(structure):
                if not isinstance(x, KerasTensor):
                    raise ValueError(f"All `{label}` values must be KerasTensors. Received: {label}={structure} "  # noqa: TRY004
                                     f"including invalid value {x} of type {type(x)}")
        if not all(_is_input_tensor(t) for t in nest.flatten(inputs)):
            inputs, outputs = clone_graph_nodes(inputs, outputs)
        if "compiled" not in self.__dict__:
            Trainer_init(self)
        if "_tracker_locked" not in self.__dict__:
            Layer.__init__(self, name=name, **kwargs)
        self._inputs_struct = nest.map_structure(lambda x: x, inputs)
        self._outputs_struct = nest.map_structure(lambda x: x, outputs)
        self._inputs = nest.flatten(inputs)
        self._outputs = nest.flatten(outputs)
        if not self._inputs:
            raise ValueError(f"`inputs` argument cannot be empty. Received:\ninputs={inputs}\noutputs={outputs}")
        if not self._outputs:
            raise ValueError(f"`outputs` argument cannot be empty. Received:\ninputs={inputs}\noutputs={outputs}")
        self._nodes, self._nodes_by_depth, self._operations, self._operations_by_depth = map_graph(
            self._inputs, self._outputs)
        check_connected(self._inputs, self._outputs_struct, self._outputs, self._nodes_by_depth)
        if trainable is not None:
            self.trainable = trainable
        for layer in self.layers:
            self._track(layer)
        self.build(None)
        self._convert_input_args = False
        self._allow_non_tensor_positional_args = True
        self.output_names = [x._keras_history[0].name for x in self._outputs]

    def _lock_state(self):
        """A functional model stays open: layers outside its graph may still be attached."""

    @property
    def operations(self) -> list:
        return self._operations[:]

    @property
    def layers(self) -> list:
        return [op for op in self._operations if isinstance(op, Layer)]

    @layers.setter
    def layers(self, _):
        raise AttributeError("`Model.layers` attribute is reserved and should not be used. Please use another name.")

    @property
    def inputs(self) -> list:
        return self._inputs

    @property
    def outputs(self) -> list:
        return self._outputs

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        shapes = nest.map_structure(lambda x: x.shape, self._inputs_struct)
        return shapes[0] if isinstance(shapes, list) and len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = nest.map_structure(lambda x: x.shape, self._outputs_struct)
        return shapes[0] if isinstance(shapes, list) and len(shapes) == 1 else shapes

    def build(self, input_shape):
        self.built = True

    def call(self, inputs, training=None, mask=None, **kwargs):
        inputs = self._standardize_inputs(inputs)

        def call_node(operation, args, node_kwargs):
            if training is not None and getattr(operation, "_call_has_training_arg", False):
                node_kwargs = {**node_kwargs, "training": training}
            return operation(*args, **node_kwargs)

        outputs = run_through_graph(inputs, self._inputs, self._outputs_struct, self._outputs, self._nodes_by_depth,
                                    call_node)
        return outputs[0] if isinstance(outputs, (list, tuple)) and len(outputs) == 1 else outputs

    def compute_output_spec(self, inputs, training=None, mask=None):
        flat = nest.flatten(inputs)
        if len(flat) == len(self._inputs) and all(tuple(x.shape) == tuple(ref.shape)
                                                  for x, ref in zip(flat, self._inputs)):
            return nest.map_structure(lambda x: KerasTensor(x.shape, x.dtype), self._outputs_struct)

        def spec_of(operation, args, node_kwargs):
            return operation.compute_output_spec(*args, **node_kwargs)

        return run_through_graph(flat, self._inputs, self._outputs_struct, self._outputs, self._nodes_by_depth,
                                 spec_of)

    def compute_output_shape(self, input_shape):
        structure = nest.map_structure(lambda s: KerasTensor(s), input_shape) if not _is_shape(input_shape) else \
            KerasTensor(input_shape)
        for x, ref in zip(nest.flatten(structure), self._inputs):
            x._dtype = ref.dtype
        return nest.map_structure(lambda x: x.shape, self.compute_output_spec(structure))

    # --- inputs ------------------------------------------------------------------------------------------

    def _assert_input_compatibility(self, *args):
        flat = nest.flatten(args[0])
        for x, ref in zip(flat, self._inputs):
            if x is None:
                layer = ref._keras_history.operation
                if isinstance(layer, InputLayer) and not layer.optional:
                    raise ValueError(f"The input '{ref.name}' is not optional, but None was passed. Please provide a "
                                     "valid tensor.")
        if self.input_spec:
            assert_input_compatibility(self.input_spec, args[0], layer_name=self.name)

    @property
    def input_spec(self):
        if "_manual_input_spec" in self.__dict__:
            return self._manual_input_spec
        if "_input_spec_cache" not in self.__dict__:  # the graph never changes: build the specs once
            self.__dict__["_input_spec_cache"] = self._make_input_spec()
        return self.__dict__["_input_spec_cache"]

    def _make_input_spec(self):
        def spec(x, name=None):
            layer = x._keras_history[0]
            shape = list(x.shape)
            if shape:
                shape[0] = None
            return InputSpec(shape=tuple(shape), allow_last_axis_squeeze=True, name=layer.name if name is None else
                             name, optional=isinstance(layer, InputLayer) and layer.optional)

        if isinstance(self._inputs_struct, dict):
            if all(isinstance(x, KerasTensor) for x in self._inputs_struct.values()):
                return [spec(self._inputs_struct[k], name=k) for k in sorted(self._inputs_struct)]
            return None
        return [spec(x) for x in self._inputs]

    @input_spec.setter
    def input_spec(self, value):
        if "_inputs" in self.__dict__:
            self._manual_input_spec = value

    def _standardize_inputs(self, inputs):
        if isinstance(self._inputs_struct, list) and len(self._inputs_struct) == 1 and _is_tensor_like(inputs):
            inputs = [inputs]
        elif isinstance(inputs, dict) and not isinstance(self._inputs_struct, dict):
            names = [x.name for x in self._inputs]
            if set(names).issubset(inputs):
                inputs = [inputs[n] for n in names]
            else:
                raise ValueError(f"The structure of `inputs` doesn't match the expected structure.\nExpected: "
                                 f"{names}\nReceived: inputs={list(inputs)}")
        flat = nest.flatten(inputs)
        if len(flat) != len(self._inputs):
            raise ValueError(f"The structure of `inputs` doesn't match the expected structure.\nExpected: "
                             f"{nest.map_structure(lambda x: x.name, self._inputs_struct)}\nReceived: "
                             f"inputs={nest.map_structure(lambda x: f'Tensor(shape={np.shape(x)})', inputs)}")
        flat = [self._convert_input(x, ref) for x, ref in zip(flat, self._inputs)]
        return self._adjust_input_rank(flat)

    @staticmethod
    def _convert_input(x, ref):
        """To a tensor of the input's dtype (float64 data feeds a float32 model)."""
        if x is None:
            return None
        if isinstance(x, TensorOperators):
            return x if x.dtype == ref.dtype else tf.cast(x, ref.dtype)
        return tf.convert_to_tensor(np.asarray(x).astype(ref.dtype.numpy_dtype, copy=False))

    def _adjust_input_rank(self, flat):
        adjusted = []
        for i, x in enumerate(flat):
            if x is None:
                adjusted.append(x)
                continue
            ref_shape = self._inputs[i].shape
            rank, ref_rank = x.shape.rank, len(ref_shape)
            if rank == ref_rank:
                adjusted.append(x)
            elif rank == ref_rank + 1 and x.shape[-1] == 1:
                adjusted.append(tf.squeeze(x, axis=-1))
            elif rank == ref_rank - 1 and ref_shape[-1] == 1:
                adjusted.append(tf.expand_dims(x, axis=-1))
            else:
                raise ValueError(f"Invalid input shape for input {x} with name '{self._inputs[i].name}' and path "
                                 f"'{i}'. Expected shape {ref_shape}, but input has incompatible shape "
                                 f"{tuple(x.shape.as_list())}" + _batch_hint(ref_shape, x.shape.as_list()))
        return adjusted

    def add_loss(self, loss):
        raise NotImplementedError("`add_loss` on a functional model is not supported (as in Keras 3).")

    # --- configuration -----------------------------------------------------------------------------------

    def get_config(self) -> dict:
        if not functional_like_constructor(self.__class__):
            return Model.get_config(self)
        config = {"name": self.name, "trainable": self.trainable}
        reindex = {}
        for operation in self._operations:
            kept = 1 if isinstance(operation, Functional) else 0
            for index, _ in enumerate(operation._inbound_nodes):
                key = make_node_key(operation, index)
                if key in self._nodes:
                    reindex[key] = kept
                    kept += 1
        layer_configs = []
        for operation in self._operations:
            inbound = []
            for index, node in enumerate(operation._inbound_nodes):
                if make_node_key(operation, index) in self._nodes:
                    data = serialize_node(node, own_nodes=self._nodes)
                    if data is not None:
                        inbound.append(data)
            layer_config = serialize_keras_object(operation)
            layer_config["name"] = operation.name
            layer_config["inbound_nodes"] = inbound
            layer_configs.append(layer_config)
        config["layers"] = layer_configs

        def tensor_config(tensor):
            operation, node_index, tensor_index = tensor._keras_history
            key = make_node_key(operation, node_index)
            return [operation.name, reindex[key], tensor_index]

        config["input_layers"] = nest.map_structure(tensor_config, self._inputs_struct)
        config["output_layers"] = nest.map_structure(tensor_config, self._outputs_struct)
        return copy.deepcopy(config)


def Trainer_init(model):
    from ..trainers.trainer import Trainer

    Trainer.__init__(model)


def _is_shape(x) -> bool:
    return isinstance(x, (tuple, list)) and all(d is None or isinstance(d, int) for d in x)


def _is_tensor_like(x) -> bool:
    return isinstance(x, (TensorOperators, np.ndarray))


def _is_input_tensor(x) -> bool:
    operation, node_index, _ = x._keras_history
    return operation._inbound_nodes[node_index].is_input


def _batch_hint(expected, received) -> str:
    expected, received = tuple(expected), tuple(received)
    if len(expected) == len(received) + 1 and expected[2:] == received[1:] and expected[1] is not None:
        return (f". The model expects inputs of rank {len(expected)}: it looks like its input shape includes the "
                f"batch dimension ({expected[1]}). Pass `input_shape={expected[2:]}` (without the batch size) "
                "instead.")
    return ""


def functional_like_constructor(cls) -> bool:
    import inspect

    spec = inspect.getfullargspec(cls.__init__)
    if spec.args[1:] == inspect.getfullargspec(Functional.__init__).args[1:]:
        return True
    return spec.varargs is not None and spec.varkw is not None


def serialize_node(node, own_nodes=()):
    """A node's call arguments, KerasTensors written as ``[layer name, node index, tensor index]``."""
    if not node.input_tensors:
        return None

    def serialize_tensor(x):
        if isinstance(x, KerasTensor):
            operation, node_index, tensor_index = x._keras_history
            irrelevant = sum(1 for i in range(node_index) if make_node_key(operation, i) not in own_nodes)
            x._keras_history = KerasHistory(operation, node_index - irrelevant, tensor_index)
            serialized = serialize_keras_object(x)
            x._keras_history = KerasHistory(operation, node_index, tensor_index)
            return serialized
        return x

    args = nest.map_structure(serialize_tensor, node.arguments.args)
    kwargs = nest.map_structure(serialize_tensor, node.arguments.kwargs)
    return {"args": serialize_keras_object(args), "kwargs": serialize_keras_object(kwargs)}


def deserialize_node(node_data, created_layers):
    """``(args, kwargs)`` of a serialized node, its tensors looked up among the layers made so far."""
    if not node_data:
        return [], {}
    if isinstance(node_data, list):  # the legacy format: [[layer_name, node_index, tensor_index, kwargs], ...]
        tensors, kwargs = [], {}
        for entry in node_data:
            layer = created_layers.get(entry[0])
            if layer is None:
                raise ValueError(f"Invalid Functional model configuration. Missing node: {entry[0]}")
            if len(layer._inbound_nodes) <= entry[1]:
                raise IndexError("Layer node index out of bounds.")
            tensors.append(layer._inbound_nodes[entry[1]].output_tensors[entry[2]])
            kwargs = entry[3] if len(entry) == 4 else {}
        return [tensors[0] if len(tensors) == 1 else tensors], kwargs
    args = deserialize_keras_object(node_data["args"])
    kwargs = deserialize_keras_object(node_data["kwargs"])

    def revive(x):
        if isinstance(x, KerasTensor):
            history = getattr(x, "_pre_serialization_keras_history", None)
            if history is None:
                return x
            layer = created_layers.get(history[0])
            if layer is None:
                raise ValueError(f"Unknown layer: {history[0]}")
            if len(layer._inbound_nodes) <= history[1]:
                raise IndexError("Layer node index out of bounds.")
            return layer._inbound_nodes[history[1]].output_tensors[history[2]]
        return x

    return nest.map_structure(revive, args), nest.map_structure(revive, kwargs)


def functional_from_config(cls, config, custom_objects=None):
    """Rebuilds a functional model: makes each layer, then replays the calls in dependency order."""
    config = dict(config)
    created, pending = {}, {}
    for layer_data in config["layers"]:
        layer = deserialize_keras_object(layer_data, custom_objects=custom_objects)
        if not isinstance(layer, Operation):
            raise ValueError(f"Unexpected object from deserialization, expected a layer or operation, got a "  # noqa: TRY004
                             f"{type(layer)}")
        created[layer_data["name"]] = layer
        if layer_data["inbound_nodes"]:
            pending[layer_data["name"]] = list(layer_data["inbound_nodes"])
    while pending:
        progressed = False
        for layer_data in config["layers"]:
            name = layer_data["name"]
            if name not in pending:
                continue
            queue = pending[name]
            while queue:
                try:
                    args, kwargs = deserialize_node(queue[0], created)
                except IndexError:
                    break
                created[name](*args, **kwargs)
                queue.pop(0)
                progressed = True
            if not queue:
                del pending[name]
        if not progressed:
            raise ValueError("Invalid Functional model configuration. The graph of the Functional model either has "
                             f"loops or disconnected nodes. The following nodes failed to be resolved: {pending}")

    def get_tensor(layer_name, node_index, tensor_index):
        layer = created[layer_name]
        if isinstance(layer, Functional):
            node_index -= 1
        return layer._inbound_nodes[node_index].output_tensors[tensor_index]

    def map_tensors(tensors):
        if isinstance(tensors, list) and len(tensors) == 3 and isinstance(tensors[0], str):
            return get_tensor(*tensors)
        if isinstance(tensors, dict):
            return {k: map_tensors(v) for k, v in tensors.items()}
        if isinstance(tensors, tuple):
            return tuple(map_tensors(v) for v in tensors)
        return [map_tensors(v) for v in tensors]

    inputs = map_tensors(config.pop("input_layers"))
    outputs = map_tensors(config.pop("output_layers"))
    config.pop("layers")
    return cls(inputs=inputs, outputs=outputs, name=config.pop("name", None), trainable=config.pop("trainable", None),
               **{k: v for k, v in config.items() if k not in ("dtype",)})


def clone_graph_nodes(inputs, outputs):
    """A model from intermediate tensors: new ``Input``s for them, the nodes between re-created."""
    from ..graph.function import _build_map

    nodes, _ = _build_map(nest.flatten(inputs), outputs)
    mapping = {}

    def swap(x):
        if not isinstance(x, KerasTensor):
            return x
        if id(x) not in mapping:
            mapping[id(x)] = KerasTensor(x.shape, x.dtype, name=f"{x.name}_clone")
        return mapping[id(x)]

    cloned_inputs = []
    for x in nest.flatten(inputs):
        if _is_input_tensor(x):
            mapping[id(x)] = x
            cloned_inputs.append(x)
        else:
            clone = swap(x)
            InputLayer(input_tensor=clone, name=f"{x.name}_clone" if x.name else None)
            cloned_inputs.append(clone)
    for node in nodes:
        if node.is_input:
            continue
        outputs_clone = [swap(x) for x in node.outputs]
        args = nest.map_structure(swap, node.arguments.args)
        kwargs = nest.map_structure(swap, node.arguments.kwargs)
        Node(node.operation, call_args=args, call_kwargs=kwargs,
             outputs=outputs_clone[0] if len(outputs_clone) == 1 else outputs_clone)
    return (nest.pack_sequence_as(inputs, cloned_inputs),
            nest.map_structure(lambda x: mapping.get(id(x), x), outputs))
