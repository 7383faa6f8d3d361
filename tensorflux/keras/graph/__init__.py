"""The functional API's graph: KerasTensors (symbolic tensors of the engine), nodes and operations."""
