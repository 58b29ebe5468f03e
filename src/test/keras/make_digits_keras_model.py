#!/usr/bin/env python3
"""Writes a Keras model of the kind a user would bring as the source model of the digits scenario.

A small MLP (64 -> 64 ReLU -> 32 ReLU -> 10 softmax) trained on MNIST mapped into optdigits' 64 block counts (the
digits-padded scenario's source domain, mapped as io.streamadapt.data.MnistToOptdigits.mapPadded does), saved in Keras 2's HDF5 layout
(model_config JSON, model_weights/<layer>/<layer>/kernel:0 and bias:0), plus the JSON sidecar StreamAdapt reads next
to it: class names and input normalisation, and the network's answers for a few digits (for the import test).

Needs only NumPy and h5py (Debian: apt-get install python3-numpy python3-h5py), no TensorFlow: the training is a few
lines of NumPy and the file layout is Keras' own. Deterministic for a given seed.

    /usr/bin/python3 src/test/keras/make_digits_keras_model.py src/test/resources/keras/digits-mlp.h5
"""
import gzip
import json
import os
import struct
import sys

import h5py
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MNIST = os.path.join(ROOT, "src", "main", "resources", "datasets", "mnist")
HIDDEN = [64, 32]
CLASSES = [str(d) for d in range(10)]
SCALE = 16.0  # block counts are 0..16: the network sees count / 16


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "i" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def to_optdigits(images):
    """28x28 in the middle of a 32x32 canvas, set where intensity >= 0.5, set pixels counted in 4x4 blocks."""
    canvas = np.zeros((images.shape[0], 32, 32), dtype=np.float32)
    canvas[:, 2:30, 2:30] = (images.astype(np.float32) / 255.0 >= 0.5)
    return canvas.reshape(-1, 8, 4, 8, 4).sum(axis=(2, 4)).reshape(-1, 64)


def train(x, y, seed, epochs=20, batch=64, lr=1e-3):
    rng = np.random.default_rng(seed)
    sizes = [x.shape[1]] + HIDDEN + [len(CLASSES)]
    # Glorot uniform, Keras' default for Dense
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        limit = np.sqrt(6.0 / (n_in + n_out))
        weights.append([rng.uniform(-limit, limit, (n_in, n_out)).astype(np.float32), np.zeros(n_out, np.float32)])
    m = [[np.zeros_like(p) for p in layer] for layer in weights]
    v = [[np.zeros_like(p) for p in layer] for layer in weights]
    onehot = np.eye(len(CLASSES), dtype=np.float32)[y]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch):
            idx_ = order[start:start + batch]
            acts = [x[idx_]]
            for i, (w, b) in enumerate(weights):
                z = acts[-1] @ w + b
                if i < len(weights) - 1:
                    acts.append(np.maximum(z, 0))
                else:
                    z = z - z.max(axis=1, keepdims=True)
                    e = np.exp(z)
                    acts.append(e / e.sum(axis=1, keepdims=True))
            grad = (acts[-1] - onehot[idx_]) / len(idx_)
            step += 1
            for i in reversed(range(len(weights))):
                w, b = weights[i]
                grads = [acts[i].T @ grad, grad.sum(axis=0)]
                if i > 0:
                    grad = (grad @ w.T) * (acts[i] > 0)
                for j, g in enumerate(grads):
                    m[i][j] = 0.9 * m[i][j] + 0.1 * g
                    v[i][j] = 0.999 * v[i][j] + 0.001 * g * g
                    m_hat = m[i][j] / (1 - 0.9 ** step)
                    v_hat = v[i][j] / (1 - 0.999 ** step)
                    weights[i][j] -= (lr * m_hat / (np.sqrt(v_hat) + 1e-7)).astype(np.float32)
    return weights


def probabilities(weights, x):
    a = x
    for i, (w, b) in enumerate(weights):
        a = a @ w + b
        if i < len(weights) - 1:
            a = np.maximum(a, 0)
    a = a - a.max(axis=1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=1, keepdims=True)


def predict(weights, x):
    return probabilities(weights, x).argmax(axis=1)


def dense_config(name, units, activation, input_dim=None):
    config = {
        "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
        "use_bias": True,
        "kernel_initializer": {"class_name": "VarianceScaling",
                               "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None,
    }
    if input_dim is not None:
        config["batch_input_shape"] = [None, input_dim]
    return {"class_name": "Dense", "config": config}


def save(path, weights, input_dim):
    names = ["dense_%d" % (i + 1) for i in range(len(weights))]
    activations = ["relu"] * (len(weights) - 1) + ["softmax"]
    layers = [dense_config(n, w.shape[1], a, input_dim if i == 0 else None)
              for i, (n, (w, _), a) in enumerate(zip(names, weights, activations))]
    model_config = {"class_name": "Sequential", "config": {"name": "digits_mlp", "layers": layers}}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.2.4"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config)
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = np.array([n.encode() for n in names])
        group.attrs["keras_version"] = "2.2.4"
        group.attrs["backend"] = "tensorflow"
        for name, (w, b) in zip(names, weights):
            layer = group.create_group(name)
            layer.attrs["weight_names"] = np.array([(name + "/kernel:0").encode(), (name + "/bias:0").encode()])
            inner = layer.create_group(name)
            inner.create_dataset("kernel:0", data=w)
            inner.create_dataset("bias:0", data=b)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "src", "test", "resources", "keras", "digits-mlp.h5")
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    images = idx(os.path.join(MNIST, "mnist-10k-images-idx3-ubyte.gz"))
    labels = idx(os.path.join(MNIST, "mnist-10k-labels-idx1-ubyte.gz")).astype(np.int64)
    x = to_optdigits(images) / SCALE
    weights = train(x[:9000], labels[:9000], seed)
    accuracy = float((predict(weights, x[9000:]) == labels[9000:]).mean())
    save(out, weights, x.shape[1])
    sidecar = os.path.splitext(out)[0] + ".json"
    with open(sidecar, "w") as f:
        json.dump({"classes": CLASSES, "featureMean": 0.0, "featureScale": SCALE}, f, indent=2)
        f.write("\n")
    # what the Keras network answers for a few held-out digits (raw block counts in, class probabilities out), so a
    # test can check the imported network computes the same function
    expected = os.path.splitext(out)[0] + ".expected.json"
    raw = to_optdigits(images[9000:9008])
    with open(expected, "w") as f:
        json.dump({"features": raw.astype(int).tolist(),
                   "probabilities": [[round(float(p), 7) for p in row] for row in probabilities(weights, raw / SCALE)],
                   "labels": [int(v) for v in labels[9000:9008]],
                   "heldOutAccuracy": round(accuracy, 4)}, f)
        f.write("\n")
    print("wrote %s, %s and %s: held-out MNIST accuracy %.4f" % (out, sidecar, expected, accuracy))


if __name__ == "__main__":
    main()
