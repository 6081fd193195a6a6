"""The issue's workloads W1, W2, W3, W3b and W4 in PyTorch, for a peer figure measured on the same machine and day
as KerasJ's benchmark (io.kerasj.examples.Benchmark). Not part of the build.

Needs Python 3 with torch and numpy; reads MNIST's four gzipped IDX files from KERASJ_MNIST_DIR.

    python3 examples/peers/pytorch_benchmark.py [--threads N] [--repeats N] [--only W2,W3b] [--results]

KerasJ's Benchmark runs it itself, workload by workload in the same sitting (its --peer option), and reads the
"RESULT workload metric=value; ..." lines that --results adds.

Each figure is the median of --repeats runs (default 3), with torch.set_num_threads(--threads) (default:
PyTorch's own choice). The models, losses and optimizers are PyTorch's idiomatic equivalents of the KerasJ
ones: nn.Linear layers initialised as Keras's Dense (Glorot-uniform kernels, zero biases), cross-entropy on logits
(PyTorch's fused softmax and cross-entropy), torch.optim.Adam and SGD. Adam's epsilon is set to Keras's 1e-7
(PyTorch's default is 1e-8).
"""
import argparse
import gzip
import os
import statistics
import threading
import time

import numpy as np
import torch
from torch import nn


def idx(name):
    with gzip.open(os.path.join(os.environ["KERASJ_MNIST_DIR"], name), "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist():
    def images(name):
        return torch.from_numpy(idx(name).reshape(-1, 784).astype(np.float32) / 255.0)

    def labels(name):
        return torch.from_numpy(idx(name).astype(np.int64))

    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


def keras_dense(*layers):
    """nn.Sequential of the layers, the Linear ones initialised as Keras's Dense: Glorot-uniform, zero bias."""
    for layer in layers:
        if isinstance(layer, nn.Linear):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    return nn.Sequential(*layers)


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def w1(repeats):
    # Four Gaussian blobs, as the Keras blog's demo: 1,000 points, the first 250 held out.
    rng = np.random.default_rng(42)
    centres = np.array([[15, 0], [15, 15], [0, 15], [30, 15]], dtype=np.float32)
    labels = rng.integers(0, 4, 1000)
    points = (centres[labels] + rng.normal(0, 1.5, (1000, 2))).astype(np.float32)
    x, y = torch.from_numpy(points[250:]), torch.from_numpy(labels[250:])
    xt, yt = torch.from_numpy(points[:250]), torch.from_numpy(labels[:250])
    times, accuracies = [], []
    for _ in range(repeats):
        torch.manual_seed(1)
        # He-uniform hidden kernels, as the KerasJ blobs model; Glorot for the output.
        model = keras_dense(nn.Linear(2, 12), nn.ReLU(), nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 4))
        nn.init.kaiming_uniform_(model[0].weight, nonlinearity="relu")
        nn.init.kaiming_uniform_(model[2].weight, nonlinearity="relu")
        optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
        loss_fn = nn.CrossEntropyLoss()
        # validation_split=0.2: the last 150 of the 750 rows, evaluated after each epoch.
        train_x, train_y, val_x, val_y = x[:600], y[:600], x[600:], y[600:]
        start = time.perf_counter()
        for _ in range(30):
            order = torch.randperm(600)
            for i in range(0, 600, 5):
                batch = order[i:i + 5]
                optimizer.zero_grad()
                loss_fn(model(train_x[batch]), train_y[batch]).backward()
                optimizer.step()
            with torch.no_grad():
                loss_fn(model(val_x), val_y)
        times.append(time.perf_counter() - start)
        accuracies.append(accuracy(model, xt, yt))
    print(f"W1  blobs 2-12-8-4, batch 5      {30 * 120 / statistics.median(times):8.0f} steps/s     "
          f"test accuracy {statistics.median(accuracies):.4f}")
    return {"steps/s": 30 * 120 / statistics.median(times)}


def w2(data, repeats):
    x, y, xt, yt = data
    times = []
    for _ in range(repeats):
        model = nn.Linear(784, 10)
        nn.init.zeros_(model.weight)
        nn.init.zeros_(model.bias)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.9)
        loss_fn = nn.CrossEntropyLoss()
        start = time.perf_counter()
        for _ in range(50):
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        times.append((time.perf_counter() - start) / 50)
    print(f"W2  MNIST 784-10, full batch    {statistics.median(times):8.3f} s/epoch     loss at epoch 50 "
          f"{loss.item():.4f}, test accuracy {accuracy(model, xt, yt):.4f}")
    return {"s/epoch": statistics.median(times)}


def mlp(label, data, h1, h2, batch, repeats):
    x, y, xt, yt = data
    times = []
    for r in range(repeats):
        torch.manual_seed(r)
        model = keras_dense(nn.Linear(784, h1), nn.ReLU(), nn.Linear(h1, h2), nn.ReLU(), nn.Linear(h2, 10))
        optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
        loss_fn = nn.CrossEntropyLoss()
        start = time.perf_counter()
        order = torch.randperm(60_000)
        for i in range(0, 60_000, batch):
            rows = order[i:i + batch]
            optimizer.zero_grad()
            loss_fn(model(x[rows]), y[rows]).backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
    epoch = statistics.median(times)
    print(f"{label} MNIST 784-{h1}-{h2}-10, batch {batch:<4d} {60_000 / epoch:8.0f} samples/s  {epoch:.2f} s/epoch, "
          f"test accuracy {accuracy(model, xt, yt):.4f}")
    return {"samples/s": 60_000 / epoch}


def w4(data, repeats):
    """784-256-128-10 with BatchNormalization and Dropout(0.2) after each hidden layer, batch 128, Adam, 1 epoch.
    BatchNorm1d's momentum is 1 - Keras's (0.99), its eps Keras's 1e-3."""
    x, y, xt, yt = data
    times = []
    for r in range(repeats):
        torch.manual_seed(r)
        model = keras_dense(nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256, eps=1e-3, momentum=0.01),
                            nn.Dropout(0.2), nn.Linear(256, 128), nn.ReLU(),
                            nn.BatchNorm1d(128, eps=1e-3, momentum=0.01), nn.Dropout(0.2), nn.Linear(128, 10))
        optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
        loss_fn = nn.CrossEntropyLoss()
        model.train()
        start = time.perf_counter()
        order = torch.randperm(60_000)
        for i in range(0, 60_000, 128):
            rows = order[i:i + 128]
            optimizer.zero_grad()
            loss_fn(model(x[rows]), y[rows]).backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
    model.eval()
    epoch = statistics.median(times)
    print(f"W4  MNIST 784-256-128-10 BN+Dropout, batch 128 {60_000 / epoch:8.0f} samples/s  {epoch:.2f} s/epoch, "
          f"test accuracy {accuracy(model, xt, yt):.4f}")
    return {"samples/s": 60_000 / epoch}


def p1(data, repeats):
    """Inference on the W3 model, as KerasJ's P1: one row's latency (median of 10,000 timed calls after 5,000 to
    warm up), 10,000 rows in batches of 32 and in one call, and single rows from one thread and from two."""
    x, y, xt, yt = data
    torch.manual_seed(1)
    model = keras_dense(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    model.eval()
    rows = [xt[i:i + 1].clone() for i in range(1000)]
    with torch.no_grad():
        for i in range(5000):
            model(rows[i % 1000])
        latencies = []
        for i in range(10_000):
            start = time.perf_counter()
            model(rows[i % 1000])
            latencies.append((time.perf_counter() - start) * 1e6)
    latencies.sort()
    median, p99 = latencies[5000], latencies[9900]

    def timed(run):
        start = time.perf_counter()
        with torch.no_grad():
            run()
        return time.perf_counter() - start

    def batches():
        for i in range(0, 10_000, 32):
            model(xt[i:i + 32])

    batched = 10_000 / statistics.median(timed(batches) for _ in range(repeats))
    whole = 10_000 / statistics.median(timed(lambda: model(xt[:10_000])) for _ in range(repeats))

    def calls_per_second(threads):
        def work(offset):
            with torch.no_grad():
                for i in range(20_000):
                    model(rows[(offset + i) % 1000])
        workers = [threading.Thread(target=work, args=(t * 97,)) for t in range(threads)]
        start = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        return threads * 20_000 / (time.perf_counter() - start)

    one = statistics.median(calls_per_second(1) for _ in range(repeats))
    two = statistics.median(calls_per_second(2) for _ in range(repeats))
    print(f"P1  predict 784-128-64-10      {median:8.1f} us a row (p99 {p99:.1f} us)  {batched:.0f} rows/s in batches "
          f"of 32, {whole:.0f} in one call; single rows {one:.0f} calls/s on 1 thread, {two:.0f} on 2 (x{two / one:.2f})")
    return {"latency us": median, "rows/s batch 32": batched, "rows/s one call": whole, "calls/s 1 thread": one,
            "calls/s 2 threads": two}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default="W1,W2,W3,W3b")
    parser.add_argument("--results", action="store_true", help="also print RESULT lines for KerasJ's Benchmark")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    only = args.only.split(",")
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads; median of {args.repeats}")
    results = {}
    if "W1" in only:
        results["W1"] = w1(args.repeats)
    if any(w in only for w in ("W2", "W3", "W3b", "W4", "P1")):
        data = mnist()
        if "W2" in only:
            results["W2"] = w2(data, args.repeats)
        if "W3" in only:
            results["W3"] = mlp("W3 ", data, 128, 64, 32, args.repeats)
        if "W3b" in only:
            results["W3b"] = mlp("W3b", data, 512, 256, 256, args.repeats)
        if "W4" in only:
            results["W4"] = w4(data, args.repeats)
        if "P1" in only:
            results["P1"] = p1(data, args.repeats)
    if args.results:
        for workload, figures in results.items():
            print(f"RESULT {workload} " + "; ".join(f"{k}={v:.6g}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
