"""Read a UDM-TS checkpoint (``checkpoint.safetensors``) in Python: numpy only, ``safetensors`` when installed.

    from udm_checkpoint import read_checkpoint
    ckpt = read_checkpoint("runs/two-moons-<stamp>/checkpoint.safetensors")
    ckpt["config"]                     # the resolved run config (dict)
    ckpt["state"]                      # step, loss, rng, emaUpdates, backend, optimizerSlots
    ckpt["params"]["layers.0.weight"]  # θ by parameter name (numpy arrays, the shapes UDM-TS uses)
    ckpt["ema"]["layers.0.weight"]     # θ̄, the EMA weights ({} without an EMA)
    ckpt["optimizer"]["layers.0.weight"]["m"]   # optimizer slots by parameter name (Adam: m, v)
    ckpt["optimizer_iterations"]       # the optimizer's step counter (None without optimizer state)

Layouts (docs/python.md): dense weights are [in, out] (y = x @ W + b), convolution kernels [kh, kw, in, out] on NHWC
images. ``mlp_forward`` is a numpy port of the ``mlp`` network, for checking a PyTorch port against.
"""
import json
import struct

import numpy as np

__all__ = ["read_checkpoint", "read_safetensors", "mlp_forward", "sinusoidal_embedding"]

_DTYPES = {
    "F64": np.float64,
    "F32": np.float32,
    "F16": np.float16,
    "I64": np.int64,
    "I32": np.int32,
    "I16": np.int16,
    "I8": np.int8,
    "U8": np.uint8,
    "BOOL": np.bool_,
}


def read_safetensors(path):
    """(tensors by name as numpy arrays, the ``__metadata__`` dict) of a safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    try:
        from safetensors.numpy import load_file  # the reference reader, when installed
    except ImportError:
        data = memoryview(raw)[8 + n :]
        tensors = {}
        for name, entry in header.items():
            begin, end = entry["data_offsets"]
            dtype = np.dtype(_DTYPES[entry["dtype"]]).newbyteorder("<")
            tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(entry["shape"]).copy()
        return tensors, metadata
    return load_file(path), metadata


def read_checkpoint(path):
    """The weights, EMA weights, optimizer state (by parameter name) and config of a UDM-TS checkpoint."""
    tensors, metadata = read_safetensors(path)
    if "udm.config" not in metadata:
        raise ValueError(f"{path}: not a UDM-TS checkpoint (no udm.config in the safetensors metadata)")
    state = json.loads(metadata.get("udm.state", "{}"))
    params, ema, slots = {}, {}, []
    for name, array in tensors.items():
        if name.startswith("params."):
            params[name[len("params.") :]] = array
        elif name.startswith("ema."):
            ema[name[len("ema.") :]] = array
        elif name.startswith("optimizer."):
            slots.append((int(name[len("optimizer.") :]), array))
    slots.sort(key=lambda s: s[0])
    names = state.get("optimizerSlots") or []
    optimizer, iterations = {}, None
    for position, array in slots:
        slot = names[position] if position < len(names) else str(position)
        param, _, kind = slot.rpartition("/")
        if param in params:
            optimizer.setdefault(param, {})[kind] = array
        elif position == 0:
            iterations = array
        else:
            optimizer.setdefault(slot, {})[""] = array
    return {
        "config": json.loads(metadata["udm.config"]),
        "state": state,
        "params": params,
        "ema": ema,
        "optimizer": optimizer,
        "optimizer_iterations": iterations,
        "metadata": metadata,
    }


def sinusoidal_embedding(t, dim, max_period=10000.0):
    """[sin(t·f_i) …, cos(t·f_i) …] with f_i = max_period^(−i/h), h = dim/2 (frequencies in float32, as UDM-TS)."""
    half = dim // 2
    freqs = np.exp(-np.log(max_period) * np.arange(half, dtype=np.float64) / half).astype(np.float32)
    args = np.asarray(t, dtype=np.float32).reshape(-1, 1) * freqs.reshape(1, -1)
    return np.concatenate([np.sin(args), np.cos(args)], axis=1)


def mlp_forward(weights, config, x, t):
    """NN_θ(x_t, t) of the ``mlp`` network: [flatten(x), emb(t)] → (x @ W + b → SiLU)ⁿ → x @ W + b, reshaped to x.

    ``t`` is the network's time input: the integer t of a discrete process, t·1000 of a continuous one (see
    docs/python.md). Unconditional networks only (a class-conditional one also concatenates ``labels.embedding``).
    """
    net = config["network"]
    x = np.asarray(x, dtype=np.float32)
    h = np.concatenate([x.reshape(x.shape[0], -1), sinusoidal_embedding(t, net["timeEmbedding"])], axis=1)
    layers = len(net["hidden"]) + 1
    for i in range(layers):
        h = h @ weights[f"layers.{i}.weight"] + weights[f"layers.{i}.bias"]
        if i < layers - 1:
            h = h * (1.0 / (1.0 + np.exp(-h)))
    return h.reshape(x.shape)
