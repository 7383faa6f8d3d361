"""``model.summary()``: Keras 3's table of layers, output shapes and parameter counts, to the letter.

Widths follow Keras: 88 characters (108 with a "Connected to" column for models that are not
a simple chain), at most the terminal's width minus 4 (``COLUMNS`` when set). Plain text when
the output is not a terminal (a file, a notebook's log, ``print_fn``); bold and colours on one.
"""

from __future__ import annotations

import math
import re
import shutil
import sys

from ...framework import nest
from . import table
from .dtype_utils import dtype_size


def count_params(weights) -> int:
    return int(sum(math.prod(w.shape.as_list()) for w in weights))


def weight_memory_size(weights) -> float:
    """Bytes taken by the (distinct) weights."""
    unique = {id(w): w for w in weights}.values()
    return sum(math.prod(w.shape.as_list()) * dtype_size(w.dtype) for w in unique) / 8


def readable_memory_size(size: float) -> str:
    for unit in ["B", "KB", "MB", "GB", "TB", "PB"]:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _format_shape(shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def format_layer_shape(layer) -> str:
    """The layer's output shape as Keras writes it: ``(None, 8)``, ``(None)`` for rank 1, ``?`` if unknown."""
    if not layer._inbound_nodes and not getattr(layer, "_build_shapes_dict", None):
        return "?"
    if layer._inbound_nodes:
        outputs = layer._inbound_nodes[-1].output_tensors
        shapes = [_format_shape(x.shape) for x in outputs]
    else:
        try:
            if hasattr(type(layer), "output_shape") and _has_output_shape(layer):
                shapes = [_format_shape(layer.output_shape)]
            else:
                outputs = layer.compute_output_shape(**layer._build_shapes_dict)
                shapes = _map_shapes(outputs)
        except NotImplementedError:
            return "?"
    if len(shapes) == 1:
        return shapes[0]
    return str(shapes).replace("'", "")


def _has_output_shape(layer) -> bool:
    try:
        _ = layer.output_shape
    except (AttributeError, ValueError):
        return False
    return True


def _map_shapes(shapes):
    if isinstance(shapes, (tuple, list)) and all(d is None or isinstance(d, int) for d in shapes):
        return [_format_shape(shapes)]
    if isinstance(shapes, dict):
        return [_format_shape(s) for s in shapes.values()]
    return [_format_shape(s) for s in shapes]


def _sequential_like(model, layers):
    from ..models.functional import Functional
    from ..models.sequential import Sequential

    if isinstance(model, Sequential) or not isinstance(model, Functional):
        return True, list(model.layers)
    layers = model._operations
    nodes = []
    for group in model._nodes_by_depth.values():
        if len(group) > 1 or (len(group) == 1 and len(nest.flatten(group[0].input_tensors)) > 1):
            return False, layers
        nodes += group
    node_ids = {id(n) for n in nodes}
    for layer in model.layers:
        if sum(1 for node in layer._inbound_nodes if id(node) in node_ids) > 1:
            return False, layers
    return True, layers


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False,
                  layer_range=None):
    """Prints (or hands to ``print_fn``) the summary of ``model``."""
    sequential_like, layers = _sequential_like(model, None)
    if sequential_like:
        default_length = 88
        positions = positions or [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        alignment = ["left", "left", "right"]
        relevant_nodes = set()
    else:
        default_length = 108
        positions = positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        alignment = ["left", "left", "right", "left"]
        relevant_nodes = {id(n) for group in model._nodes_by_depth.values() for n in group}
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        alignment.append("center")
    default_length = min(default_length, shutil.get_terminal_size().columns - 4)
    line_length = line_length or default_length
    widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width

    def connections(layer):
        text = ""
        for node in layer._inbound_nodes:
            if relevant_nodes and id(node) not in relevant_nodes:
                continue
            for kt in node.input_tensors:
                history = kt._keras_history
                text += (", " if text else "") + f"{history.operation.name}[{history.node_index}][{history.tensor_index}]"
        return text or "-"

    def fields(layer, prefix=""):
        name = f"{prefix}{layer.name} ({layer.__class__.__name__})"
        if not hasattr(layer, "built"):
            params = "0"
        elif not layer.built:
            params = "0 (unbuilt)"
        else:
            params = f"{layer.count_params():,}"
        row = [name, format_layer_shape(layer), params]
        if not sequential_like:
            row.append(connections(layer))
        if show_trainable:
            if getattr(layer, "weights", None):
                row.append("Y" if layer.trainable else "N")
            else:
                row.append("-")
        return row

    def rows_of(layer, level=0):
        prefix = "   " * level + "└ " if level else ""
        rows = [fields(layer, prefix)]
        if expand_nested and getattr(layer, "layers", None):
            for sub in layer.layers:
                rows.extend(rows_of(sub, level + 1))
        return rows

    start, stop = _layer_range(layers, layer_range)
    rows = [row for layer in layers[start:stop] for row in rows_of(layer)]
    trainable = getattr(model, "_collected_trainable_weights", None)
    trainable = model.trainable_weights if trainable is None else trainable
    trainable_count, trainable_size = count_params(trainable), weight_memory_size(trainable)
    non_trainable_count = count_params(model.non_trainable_weights)
    non_trainable_size = weight_memory_size(model.non_trainable_weights)
    optimizer = getattr(model, "optimizer", None)
    optimizer_built = bool(getattr(model, "compiled", False) and optimizer is not None and getattr(optimizer, "built",
                                                                                                     False))
    optimizer_count = count_params(optimizer.variables) if optimizer_built else 0
    optimizer_size = weight_memory_size(optimizer.variables) if optimizer_built else 0
    total_count = trainable_count + non_trainable_count + optimizer_count
    total_size = trainable_size + non_trainable_size + optimizer_size

    color = print_fn is None and _is_terminal()
    style = _terminal_style if color else None
    bold = _bold if color else (lambda text: text)
    number = _number if color else (lambda text: text)
    lines = [bold(f'Model: "{model.name}"'),
             table.render(header, rows, widths, alignment, line_length, style),
             bold(" Total params: ") + number(f"{total_count:,}") + f" ({readable_memory_size(total_size)})",
             bold(" Trainable params: ") + number(f"{trainable_count:,}") +
             f" ({readable_memory_size(trainable_size)})",
             bold(" Non-trainable params: ") + number(f"{non_trainable_count:,}") +
             f" ({readable_memory_size(non_trainable_size)})"]
    if optimizer_built:
        lines.append(bold(" Optimizer params: ") + number(f"{optimizer_count:,}") +
                     f" ({readable_memory_size(optimizer_size)})")
    text = "\n".join(lines) + "\n"
    if print_fn is not None:
        print_fn(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _layer_range(layers, layer_range):
    if layer_range is None:
        return 0, len(layers)
    if len(layer_range) != 2:
        raise ValueError(f"layer_range must be a list or tuple of length 2. Received: layer_range = {layer_range} of "
                         f"length {len(layer_range)}")
    if not isinstance(layer_range[0], str) or not isinstance(layer_range[1], str):
        raise ValueError(f"layer_range should contain string type only. Received: {layer_range}")  # noqa: TRY004
    lower = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    upper = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not lower or not upper:
        raise ValueError(f"Passed layer_names do not match the layer names in the model. Received: {layer_range}")
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _bold(text: str) -> str:
    return f"\x1b[1m{text}\x1b[0m"


def _number(text: str) -> str:
    return f"\x1b[38;5;34m{text}\x1b[0m"


def _terminal_style(kind: str, text: str) -> str:
    """Colours on a terminal, as Keras': bold headers, green numbers, ``None`` in cyan."""
    if kind == "header":
        return _bold(text)
    return re.sub(r"\bNone\b", "\x1b[38;5;45mNone\x1b[0m", text)
