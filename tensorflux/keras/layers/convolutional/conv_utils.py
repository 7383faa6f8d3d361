"""What every convolution layer shares: output shapes (Keras' formulas, ``None`` kept) and kernel/bias options."""

from __future__ import annotations

import math

from ... import activations, constraints, initializers, regularizers


def _spatial(input_shape, data_format):
    return list(input_shape[1:-1]) if data_format == "channels_last" else list(input_shape[2:])


def _assemble(input_shape, spatial, channels, data_format):
    if data_format == "channels_last":
        return (input_shape[0], *spatial, channels)
    return (input_shape[0], channels, *spatial)


def conv_output_shape(input_shape, filters, kernel_size, strides, padding, data_format, dilation_rate):
    """``(batch, *spatial, filters)``: ``floor((n - d (k - 1) - 1) / s) + 1`` (valid) or ``ceil(n / s)`` (same)."""
    spatial = _spatial(input_shape, data_format)
    channels = input_shape[-1] if data_format == "channels_last" else input_shape[1]
    kernel_shape = tuple(kernel_size) + (channels, filters)
    if len(kernel_shape) != len(input_shape):
        hint = ""
        if len(input_shape) == len(kernel_shape) + 1:
            hint = (f" The input has one dimension too many: if it comes from `input_shape={tuple(input_shape[1:])}`,"
                    f" that shape must not include the batch size — use `input_shape={tuple(input_shape[2:])}`.")
        raise ValueError(f"Kernel shape must have the same length as input, but received kernel of shape "
                         f"{kernel_shape} and input of shape {tuple(input_shape)}.{hint}")
    out = []
    for n, k, s, d in zip(spatial, kernel_size, strides, dilation_rate):
        if n is None:
            out.append(None)
        elif padding == "valid":
            size = math.floor((n - d * (k - 1) - 1) / s) + 1
            if size <= 0:
                raise ValueError(f"Computed output size would be zero or negative. Received `inputs shape="
                                 f"{tuple(input_shape)}`, `kernel shape={kernel_shape}`, `dilation_rate="
                                 f"{list(dilation_rate)}`, `strides={list(strides)}`, `padding={padding}`.")
            out.append(size)
        elif padding in ("same", "causal"):
            out.append(math.floor((n - 1) / s) + 1)
        else:
            raise ValueError(f"`padding` must be either `'valid'` or `'same'`. Received {padding}.")
    return _assemble(input_shape, out, filters, data_format)


def conv_transpose_output_shape(input_shape, kernel_size, filters, strides, padding, output_padding, data_format,
                                dilation_rate):
    """The spatial sizes a transposed convolution produces (TF's rule, with ``output_padding``)."""
    out = []
    for i, n in enumerate(_spatial(input_shape, data_format)):
        if n is None:
            out.append(None)
            continue
        k = (kernel_size[i] - 1) * dilation_rate[i] + 1
        extra = None if output_padding is None else output_padding[i]
        if padding == "valid":
            extra = max(k, strides[i]) - k if extra is None else extra
            out.append((n - 1) * strides[i] + k + extra)
        elif extra is None:
            out.append(n * strides[i])
        else:
            out.append((n - 1) * strides[i] + k % 2 + extra)
    return _assemble(input_shape, out, filters, data_format)


def pooling_output_shape(input_shape, pool_size, strides, padding, data_format):
    """Spatial sizes after pooling; channels unchanged."""
    out = []
    for n, p, s in zip(_spatial(input_shape, data_format), pool_size, strides):
        if n is None:
            out.append(None)
        elif padding == "valid":
            size = math.floor((n - p) / s) + 1
            if size <= 0:
                raise ValueError(f"Computed output size would be zero or negative. Received: `inputs.shape="
                                 f"{tuple(input_shape)}`, `pool_size={tuple(pool_size)}`, `strides={tuple(strides)}`"
                                 f", `padding={padding}`.")
            out.append(size)
        elif padding == "same":
            out.append(math.floor((n - 1) / s) + 1)
        else:
            raise ValueError(f"Argument `padding` must be either 'valid' or 'same'. Received: padding={padding}")
    channels = input_shape[-1] if data_format == "channels_last" else input_shape[1]
    return _assemble(input_shape, out, channels, data_format)


def tf_data_format(data_format, rank) -> str:
    """Keras' ``channels_last`` / ``channels_first`` as TF's ``NHWC`` / ``NCHW`` (and 1-D, 3-D forms)."""
    spatial = {1: "W", 2: "HW", 3: "DHW"}[rank]
    return f"N{spatial}C" if data_format == "channels_last" else f"NC{spatial}"


def set_weight_options(layer, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                       bias_regularizer, kernel_constraint, bias_constraint) -> None:
    """The kernel/bias options every convolution layer stores, resolved from names or configs."""
    layer.activation = activations.get(activation)
    layer.use_bias = use_bias
    layer.kernel_initializer = initializers.get(kernel_initializer)
    layer.bias_initializer = initializers.get(bias_initializer)
    layer.kernel_regularizer = regularizers.get(kernel_regularizer)
    layer.bias_regularizer = regularizers.get(bias_regularizer)
    layer.kernel_constraint = constraints.get(kernel_constraint)
    layer.bias_constraint = constraints.get(bias_constraint)


def weight_options_config(layer) -> dict:
    """Those options serialized, in Keras' key order (configs compare equal to Keras', keys included)."""
    return {"activation": activations.serialize(layer.activation), "use_bias": layer.use_bias,
            "kernel_initializer": initializers.serialize(layer.kernel_initializer),
            "bias_initializer": initializers.serialize(layer.bias_initializer),
            "kernel_regularizer": regularizers.serialize(layer.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(layer.bias_regularizer),
            "activity_regularizer": regularizers.serialize(layer.activity_regularizer),
            "kernel_constraint": constraints.serialize(layer.kernel_constraint),
            "bias_constraint": constraints.serialize(layer.bias_constraint)}
