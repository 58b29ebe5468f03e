#!/usr/bin/env python3
"""Writes a small tabular domain-adaptation scenario as two CSV files, for `--source-data/--target-data`.

Four classes, 30 features in the kinds a tabular stream has: 12 numeric features in mixed units (some around 1, some in
the thousands), 8 counts, 10 binary flags. Each class has its own means and flag probabilities. The target domain is the
same task seen through a different "site": numeric features are offset and rescaled, counts are inflated, a few flags
are more often on, and the class priors differ (label shift). Deterministic for a seed; needs only NumPy.

    /usr/bin/python3 src/test/tabular/make_tabular_streams.py /tmp/tabular 7
"""
import os
import sys

import numpy as np

CLASSES = ["low", "mid", "high", "churn"]
NUMERIC, COUNTS, FLAGS = 12, 8, 10


def make(out_dir, seed):
    rng = np.random.default_rng(seed)
    units = np.array([1.0, 1.0, 10.0, 100.0, 1000.0, 1.0, 0.1, 50.0, 5000.0, 1.0, 2.0, 300.0])
    means = rng.normal(0, 1, (len(CLASSES), NUMERIC))
    rates = rng.uniform(0.5, 6, (len(CLASSES), COUNTS))
    flags = rng.uniform(0.1, 0.9, (len(CLASSES), FLAGS))

    def sample(n, priors, offset, scale, count_inflation, flag_shift):
        y = rng.choice(len(CLASSES), size=n, p=priors)
        num = (means[y] + rng.normal(0, 1.3, (n, NUMERIC))) * scale + offset
        num = num * units
        cnt = rng.poisson(rates[y] * count_inflation)
        flg = (rng.uniform(size=(n, FLAGS)) < np.clip(flags[y] + flag_shift, 0.02, 0.98)).astype(int)
        return np.hstack([num, cnt, flg]), y

    source = sample(4000, [0.25, 0.25, 0.25, 0.25], 0.0, 1.0, 1.0, 0.0)
    target = sample(2000, [0.15, 0.35, 0.35, 0.15], rng.normal(0, 0.6, NUMERIC), rng.uniform(0.7, 1.4, NUMERIC), 1.5,
                    np.concatenate([np.full(3, 0.15), np.zeros(FLAGS - 3)]))
    os.makedirs(out_dir, exist_ok=True)
    header = ",".join([f"num{i}" for i in range(NUMERIC)] + [f"count{i}" for i in range(COUNTS)]
                      + [f"flag{i}" for i in range(FLAGS)] + ["label"])
    for name, (x, y) in (("source.csv", source), ("target.csv", target)):
        with open(os.path.join(out_dir, name), "w") as f:
            f.write(header + "\n")
            for row, label in zip(x, y):
                cells = [f"{v:.4f}" for v in row[:NUMERIC]] + [str(int(v)) for v in row[NUMERIC:]]
                f.write(",".join(cells + [CLASSES[label]]) + "\n")


if __name__ == "__main__":
    make(sys.argv[1] if len(sys.argv) > 1 else "tabular", int(sys.argv[2]) if len(sys.argv) > 2 else 7)
