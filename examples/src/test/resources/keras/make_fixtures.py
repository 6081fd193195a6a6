#!/usr/bin/env python3
"""Writes the Keras model files the integration tests load, and the predictions they must give.

There is no Keras here (nor in CI): the files are written with h5py, zipfile and json in the layouts Keras itself
writes, as read in Keras's sources (keras/src/saving/saving_lib.py for .keras, keras/src/legacy/saving/
legacy_h5_format.py and Keras 2's hdf5_format.py for .h5). The expected predictions come from a NumPy forward pass
written here from the layers' and activations' definitions, independently of KerasJ.

Run with Debian's python3-numpy and python3-h5py:  python3 make_fixtures.py   (writes next to this script)
"""
import io
import json
import math
import os
import zipfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261204)
erf = np.vectorize(math.erf)

ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "tanh": np.tanh,
    "softmax": lambda x: np.exp(x - x.max(1, keepdims=True)) / np.exp(x - x.max(1, keepdims=True)).sum(1, keepdims=True),
    "elu": lambda x: np.where(x > 0, x, np.exp(np.minimum(x, 0)) - 1),
    "selu": lambda x: 1.05070098 * np.where(x > 0, x, 1.67326324 * (np.exp(np.minimum(x, 0)) - 1)),
    "gelu": lambda x: 0.5 * x * (1 + erf(x / math.sqrt(2))),
    "softplus": lambda x: np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "silu": lambda x: x / (1 + np.exp(-x)),
    "swish": lambda x: x / (1 + np.exp(-x)),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "relu6": lambda x: np.clip(x, 0, 6),
    "hard_sigmoid": lambda x: np.clip(x + 3, 0, 6) / 6,
    "exponential": np.exp,
}


def weights_for(layer, fan_in):
    """Random float32 weights for a layer spec, in Keras's variable order."""
    kind = layer["kind"]
    if kind == "Dense":
        kernel = rng.normal(0, 1 / math.sqrt(fan_in), (fan_in, layer["units"])).astype(np.float32)
        bias = rng.normal(0, 0.3, layer["units"]).astype(np.float32)
        return [kernel, bias]
    if kind == "BatchNormalization":
        n = fan_in
        return [rng.uniform(0.5, 1.5, n).astype(np.float32), rng.normal(0, 0.3, n).astype(np.float32),
                rng.normal(0, 0.5, n).astype(np.float32), rng.uniform(0.5, 2, n).astype(np.float32)]
    if kind == "Normalization":
        n = fan_in
        # mean, variance and Keras's sample count (an int64 scalar that only adapt uses).
        return [rng.normal(0, 2, n).astype(np.float32), rng.uniform(0.2, 4, n).astype(np.float32), np.int64(150)]
    return []


def forward(layers, weights, x):
    """The model's inference in float64 from the float32 weights."""
    a = x.astype(np.float64)
    for layer, w in zip(layers, weights):
        kind = layer["kind"]
        if kind == "Dense":
            a = ACTIVATIONS[layer["activation"]](a @ w[0].astype(np.float64) + w[1].astype(np.float64))
        elif kind == "Flatten":
            a = a.reshape(a.shape[0], -1)
        elif kind == "Activation":
            a = ACTIVATIONS[layer["activation"]](a)
        elif kind == "BatchNormalization":
            gamma, beta, mean, var = (v.astype(np.float64) for v in w)
            a = gamma * (a - mean) / np.sqrt(var + layer.get("epsilon", 1e-3)) + beta
        elif kind == "Normalization":
            mean, var = (v.astype(np.float64) for v in w[:2])
            a = (a - mean) / np.maximum(np.sqrt(var), 1e-7)
        # Dropout: the identity in inference.
    return a


def init(name, config=None):
    return {"module": "keras.initializers", "class_name": name, "config": config or {}, "registered_name": None}


def keras3_layer(layer, dtype, input_shape):
    kind, name = layer["kind"], layer["name"]
    config = {"name": name, "trainable": True, "dtype": dtype}
    if kind == "Dense":
        config.update(units=layer["units"], activation=layer["activation"], use_bias=True,
                      kernel_initializer=init("GlorotUniform", {"seed": None}), bias_initializer=init("Zeros"),
                      kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None, bias_constraint=None)
    elif kind == "Dropout":
        config.update(rate=layer["rate"], seed=None, noise_shape=None)
    elif kind == "Flatten":
        config.update(data_format="channels_last")
    elif kind == "Activation":
        config.update(activation=layer["activation"])
    elif kind == "BatchNormalization":
        config.update(axis=-1, momentum=0.99, epsilon=layer.get("epsilon", 1e-3), center=True, scale=True,
                      beta_initializer=init("Zeros"), gamma_initializer=init("Ones"),
                      moving_mean_initializer=init("Zeros"), moving_variance_initializer=init("Ones"),
                      beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                      synchronized=False)
    elif kind == "Normalization":
        config.update(axis=[-1], invert=False, mean=None, variance=None)
    elif kind == "Conv2D":
        config.update(filters=2, kernel_size=[3, 3])
    return {"module": "keras.layers", "class_name": kind, "config": config, "registered_name": None,
            "build_config": {"input_shape": [None] + list(input_shape)}}


def shapes_through(layers, input_shape):
    """The input shape of each layer (without the batch axis)."""
    shapes, shape = [], list(input_shape)
    for layer in layers:
        shapes.append(shape)
        if layer["kind"] == "Dense":
            shape = shape[:-1] + [layer["units"]]
        elif layer["kind"] == "Flatten":
            shape = [int(np.prod(shape))]
    return shapes


def keras3_config(layers, input_shape, dtype="float32", compile_config=None, class_name="Sequential"):
    entries = [{"module": "keras.layers", "class_name": "InputLayer",
                "config": {"batch_shape": [None] + list(input_shape), "dtype": "float32", "sparse": False,
                           "name": "input_layer"}, "registered_name": None}]
    for layer, shape in zip(layers, shapes_through(layers, input_shape)):
        entries.append(keras3_layer(layer, dtype, shape))
    return {"module": "keras", "class_name": class_name,
            "config": {"name": "sequential", "trainable": True, "dtype": dtype, "layers": entries},
            "registered_name": None, "build_config": {"input_shape": [None] + list(input_shape)},
            "compile_config": compile_config}


def keras3_entry_names(layers):
    """saving_lib's names for the entries of a Sequential's layer list: the snake-case class, numbered."""
    used, names = {}, []
    for layer in layers:
        base = {"BatchNormalization": "batch_normalization"}.get(layer["kind"], layer["kind"].lower())
        # (Normalization is "normalization" by the same rule.)
        if base in used:
            used[base] += 1
            names.append(f"{base}_{used[base]}")
        else:
            used[base] = 0
            names.append(base)
    return names


def keras3_weights_h5(layers, weights, backslash=False):
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        # saving_lib creates a vars group for every saveable, weights or not, and the model's own at the root.
        for entry, w in zip(keras3_entry_names(layers), weights):
            group = f.create_group(("layers\\" if backslash else "layers/") + entry).create_group("vars")
            for i, v in enumerate(w):
                group[str(i)] = v
        f.create_group("vars")
        f.create_group("optimizer").create_group("vars")
    return buffer.getvalue()


def write_keras(name, layers, weights, input_shape, **kw):
    backslash = kw.pop("backslash", False)
    weights_bytes = kw.pop("weights_bytes", None)
    config = keras3_config(layers, input_shape, **kw)
    with zipfile.ZipFile(os.path.join(HERE, name), "w") as z:
        # A fixed entry time, so that running the script again changes no byte of an unchanged fixture.
        def entry(entry_name):
            return zipfile.ZipInfo(entry_name, date_time=(2026, 12, 4, 18, 0, 0))
        z.writestr(entry("metadata.json"), json.dumps({"keras_version": "3.3.3", "date_saved": "2026-12-04@18:00:00"}))
        z.writestr(entry("config.json"), json.dumps(config))
        z.writestr(entry("model.weights.h5"), weights_bytes or keras3_weights_h5(layers, weights, backslash))


def keras2_layer(layer, input_shape=None):
    kind, name = layer["kind"], layer["name"]
    config = {"name": name, "trainable": True, "dtype": "float32"}
    if input_shape is not None:
        config["batch_input_shape"] = [None] + list(input_shape)
    if kind == "Dense":
        config.update(units=layer["units"], activation=layer["activation"], use_bias=True,
                      kernel_initializer={"class_name": "GlorotUniform", "config": {"seed": None}},
                      bias_initializer={"class_name": "Zeros", "config": {}}, kernel_regularizer=None,
                      bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None)
    elif kind == "Flatten":
        config.update(data_format="channels_last")
    elif kind == "Dropout":
        config.update(rate=layer["rate"], noise_shape=None, seed=None)
    elif kind == "Normalization":
        config.update(axis=[-1], mean=None, variance=None, invert=False)
    return {"class_name": kind, "config": config}


def write_weight_groups(root, layers, weights, keras3_names):
    """Keras 2's / the legacy writer's layout: layer_names, then per layer weight_names and the datasets."""
    root.attrs["layer_names"] = [layer["name"].encode("utf8") for layer in layers]
    root.attrs["backend"] = b"tensorflow"
    root.attrs["keras_version"] = b"2.15.0"
    for layer, w in zip(layers, weights):
        group = root.create_group(layer["name"])
        suffixes = {"Dense": ["kernel", "bias"], "Normalization": ["mean", "variance", "count"]}.get(layer["kind"], [])
        if keras3_names:
            names = [f"sequential/{layer['name']}/{s}" for s in suffixes]
        else:
            names = [f"{layer['name']}/{s}:0" for s in suffixes]
        group.attrs["weight_names"] = [n.encode("utf8") for n in names]
        for n, v in zip(names, w):
            group.create_dataset(n, data=v)


def write_h5(name, layers, weights, input_shape, keras3_names=False, training_config=None, with_input_layer=True,
             text_attributes=False):
    entries = []
    if with_input_layer:
        entries.append({"class_name": "InputLayer", "config": {"batch_input_shape": [None] + list(input_shape),
                        "dtype": "float32", "sparse": False, "ragged": False, "name": "input_1"}})
        entries += [keras2_layer(layer) for layer in layers]
    else:
        entries += [keras2_layer(layers[0], input_shape)] + [keras2_layer(layer) for layer in layers[1:]]
    model_config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": entries}}
    with h5py.File(os.path.join(HERE, name), "w") as f:
        f.attrs["keras_version"] = b"2.15.0"
        f.attrs["backend"] = b"tensorflow"
        # Keras 2 stores bytes (a fixed-length string); Keras 3's legacy writer a str (a variable-length one).
        config_json = json.dumps(model_config)
        f.attrs["model_config"] = config_json if text_attributes else config_json.encode("utf8")
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config).encode("utf8")
        write_weight_groups(f.create_group("model_weights"), layers, weights, keras3_names)


def model_weights(layers, input_shape):
    shapes = shapes_through(layers, input_shape)
    return [weights_for(layer, int(shape[-1])) for layer, shape in zip(layers, shapes)]


expected = {}


def record(name, layers, weights, input_shape):
    x = rng.normal(0, 1.5, [5] + list(input_shape)).astype(np.float32)
    y = forward(layers, weights, x)
    expected[name] = {"x": x.reshape(5, -1).tolist(), "input_shape": list(input_shape), "y": y.tolist()}


# ---- A Keras 3 .keras classifier with most layer kinds, compiled (Adam 0.01, categorical cross-entropy).
mlp = [{"kind": "Dense", "name": "dense", "units": 8, "activation": "elu"},
       {"kind": "Dropout", "name": "dropout", "rate": 0.1},
       {"kind": "Dense", "name": "dense_1", "units": 6, "activation": "gelu"},
       {"kind": "BatchNormalization", "name": "batch_normalization", "epsilon": 1e-3},
       {"kind": "Dense", "name": "dense_2", "units": 3, "activation": "softmax"}]
w = model_weights(mlp, [4])
adam = {"module": "keras.optimizers", "class_name": "Adam",
        "config": {"name": "adam", "learning_rate": 0.01, "weight_decay": None, "clipnorm": None,
                   "global_clipnorm": None, "clipvalue": None, "use_ema": False, "ema_momentum": 0.99,
                   "ema_overwrite_frequency": None, "loss_scale_factor": None, "gradient_accumulation_steps": None,
                   "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}, "registered_name": None}
write_keras("mlp.keras", mlp, w, [4], dtype={"module": "keras", "class_name": "DTypePolicy",
            "config": {"name": "float32"}, "registered_name": None},
            compile_config={"optimizer": adam, "loss": "categorical_crossentropy", "loss_weights": None,
                            "metrics": ["accuracy"], "weighted_metrics": None, "run_eagerly": False,
                            "steps_per_execution": 1, "jit_compile": False})
record("mlp.keras", mlp, w, [4])

# ---- The same layout saved on Windows: group names with backslashes; an Activation layer; more activations.
win = [{"kind": "Dense", "name": "dense", "units": 5, "activation": "selu"},
       {"kind": "Activation", "name": "activation", "activation": "leaky_relu"},
       {"kind": "Dense", "name": "dense_1", "units": 4, "activation": "swish"},
       {"kind": "Dense", "name": "dense_2", "units": 2, "activation": "linear"}]
w = model_weights(win, [3])
write_keras("windows.keras", win, w, [3], backslash=True)
record("windows.keras", win, w, [3])

# ---- Keras 2 HDF5 (model.save("x.h5")): kernel:0 names, InputLayer, a training config.
k2 = [{"kind": "Normalization", "name": "normalization"},
      {"kind": "Dense", "name": "dense", "units": 5, "activation": "softplus"},
      {"kind": "Dense", "name": "dense_1", "units": 4, "activation": "tanh"},
      {"kind": "Dense", "name": "dense_2", "units": 1, "activation": "sigmoid"}]
w = model_weights(k2, [3])
write_h5("keras2.h5", k2, w, [3], training_config={
    "loss": "binary_crossentropy", "metrics": ["accuracy"], "weighted_metrics": None, "loss_weights": None,
    "optimizer_config": {"class_name": "RMSprop", "config": {"name": "RMSprop", "learning_rate": 0.002,
                         "decay": 0.0, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07, "centered": False}}})
record("keras2.h5", k2, w, [3])

# ---- A Keras 3 .keras file that starts with an adapted Normalization layer.
norm = [{"kind": "Normalization", "name": "normalization"},
        {"kind": "Dense", "name": "dense", "units": 2, "activation": "tanh"}]
w = model_weights(norm, [3])
write_keras("normalized.keras", norm, w, [3])
record("normalized.keras", norm, w, [3])

# ---- Keras 3's legacy HDF5 writer: weight names "sequential/<layer>/kernel"; Flatten of 2x3 inputs; no
# InputLayer (batch_input_shape on the first layer, as Keras 2 wrote it).
k3 = [{"kind": "Flatten", "name": "flatten"},
      {"kind": "Dense", "name": "dense", "units": 4, "activation": "hard_sigmoid"},
      {"kind": "Dense", "name": "dense_1", "units": 3, "activation": "relu6"},
      {"kind": "Dense", "name": "dense_2", "units": 3, "activation": "softsign"},
      {"kind": "Dense", "name": "dense_3", "units": 2, "activation": "exponential"}]
w = model_weights(k3, [2, 3])
write_h5("keras3_legacy.h5", k3, w, [2, 3], keras3_names=True, with_input_layer=False, text_attributes=True)
record("keras3_legacy.h5", k3, w, [2, 3])

# ---- Weights only, for a model built in Java: Dense(3, relu) on 4 inputs, Dense(2).
wo = [{"kind": "Dense", "name": "dense_7", "units": 3, "activation": "relu"},
      {"kind": "Dense", "name": "dense_8", "units": 2, "activation": "linear"}]
w = model_weights(wo, [4])
with h5py.File(os.path.join(HERE, "weights_keras2.h5"), "w") as f:
    write_weight_groups(f, wo, w, keras3_names=False)
with h5py.File(os.path.join(HERE, "weights_keras3.weights.h5"), "w") as f:
    for entry, v in zip(["dense", "dense_1"], w):
        g = f.create_group("layers/" + entry + "/vars")
        for i, a in enumerate(v):
            g[str(i)] = a
    f.create_group("vars")
record("weights", wo, w, [4])

# ---- Malformed and unsupported files: each must be refused with a clear error, nothing half-loaded.
bad = os.path.join(HERE, "bad")
os.makedirs(bad, exist_ok=True)


def bad_keras(name, layers, weights, input_shape, **kw):
    global HERE
    saved, HERE = HERE, bad
    try:
        write_keras(name, layers, weights, input_shape, **kw)
    finally:
        HERE = saved


small = [{"kind": "Dense", "name": "dense", "units": 2, "activation": "relu"}]
ws = model_weights(small, [3])
bad_keras("conv2d.keras", [{"kind": "Conv2D", "name": "conv2d"}] + small, [[]] + ws, [3])
bad_keras("functional.keras", small, ws, [3], class_name="Functional")
bad_keras("wrong_shape.keras", small, [[ws[0][0][:2], ws[0][1]]], [3])
bad_keras("missing_bias.keras", small, [[ws[0][0]]], [3])
bad_keras("int_weights.keras", small, [[ws[0][0].astype(np.int32), ws[0][1]]], [3])
bad_keras("huge_units.keras", [{"kind": "Dense", "name": "dense", "units": 1_000_000_000, "activation": "relu"}],
          ws, [3])
bad_keras("unknown_activation.keras", [{"kind": "Dense", "name": "dense", "units": 2, "activation": "mish_v2"}],
          ws, [3])
bad_keras("not_hdf5_weights.keras", small, ws, [3], weights_bytes=b"\x89HDF\r\n\x1a\n" + b"\x00" * 200)


def lying_sizes(name, declared):
    """A .keras whose model.weights.h5 entry is deflated and declares another uncompressed size than it has."""
    path = os.path.join(bad, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in [("metadata.json", b"{}"),
                            ("config.json", json.dumps(keras3_config(small, [3])).encode()),
                            ("model.weights.h5", keras3_weights_h5(small, ws))]:
            z.writestr(zipfile.ZipInfo(entry, date_time=(2026, 12, 4, 18, 0, 0)), data, zipfile.ZIP_DEFLATED)
    raw = bytearray(open(path, "rb").read())
    name_bytes = b"model.weights.h5"
    # The uncompressed size: offset 22 of the local header (PK\x03\x04), 24 of the central one (PK\x01\x02).
    for signature, offset in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)]:
        at = 0
        while (at := raw.find(signature, at)) >= 0:
            header_size = 30 if signature == b"PK\x03\x04" else 46
            if raw[at + header_size: at + header_size + len(name_bytes)] == name_bytes:
                raw[at + offset: at + offset + 4] = declared.to_bytes(4, "little")
            at += 4
    open(path, "wb").write(bytes(raw))


lying_sizes("inflates_beyond_its_size.keras", 100)
lying_sizes("declares_4_gb.keras", 0xF0000000)

with open(os.path.join(HERE, "keras2.h5"), "rb") as f:
    data = f.read()
with open(os.path.join(bad, "truncated.h5"), "wb") as f:
    f.write(data[: len(data) // 3])
with h5py.File(os.path.join(bad, "no_config.h5"), "w") as f:
    f.create_group("model_weights")

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
print("wrote", sorted(os.listdir(HERE)), sorted(os.listdir(bad)))
