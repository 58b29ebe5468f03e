package io.streamadapt.metrics.eval;

import java.util.List;

/**
 * Thread-safe sliding window over the last {@code capacity} (embedding, label) pairs, from which
 * {@link FeatureSpaceStats} are computed on demand.
 *
 * <p>Embeddings of different widths come from incompatible feature spaces (a model whose
 * penultimate layer changed size), and averaging across them is meaningless, so recording an
 * embedding whose dimension differs from the ones held discards the held ones first. Embeddings of
 * the same width from successive model versions are kept; call {@link #clear()} on a model swap if
 * the statistics should describe only the new version.
 *
 * <p>Memory is {@code O(capacity · dimension)}. As with every {@link SlidingWindow}, the computation
 * runs outside the lock and its result is reused until the window changes.
 */
public final class FeatureSpaceWindow {
    // each embedding is a private copy never mutated after insertion, so snapshots share it
    private record Pair(float[] embedding, int label) {
    }

    private final SlidingWindow<Pair, FeatureSpaceSnapshot> window;

    /**
     * Creates an empty window.
     *
     * @param capacity maximum number of pairs kept, {@code > 0}
     */
    public FeatureSpaceWindow(int capacity) {
        this.window = new SlidingWindow<>(capacity, FeatureSpaceWindow::compute);
    }

    /**
     * Records one (embedding, label) pair, evicting the oldest when full.
     *
     * @param embedding the penultimate-layer activations, non-empty; copied
     * @param label the true class index, {@code >= 0}
     */
    public void record(float[] embedding, int label) {
        float[] copy = embedding.clone();
        if (copy.length == 0) {
            throw new IllegalArgumentException("embedding must not be empty");
        }
        if (label < 0) {
            throw new IllegalArgumentException("label must be non-negative, got " + label);
        }
        window.add(new Pair(copy, label), (newest, added) -> newest.embedding().length == added.embedding().length);
    }

    public void clear() {
        window.clear();
    }

    /**
     * Statistics over the pairs currently held; {@link FeatureSpaceSnapshot#UNDEFINED} when fewer
     * than two classes are present.
     */
    public FeatureSpaceSnapshot snapshot() {
        return window.summary();
    }

    public int capacity() {
        return window.capacity();
    }

    /** Number of pairs currently held, between 0 and {@link #capacity()}. */
    public int size() {
        return window.size();
    }

    private static FeatureSpaceSnapshot compute(List<Pair> pairs) {
        float[][] sample = new float[pairs.size()][];
        int[] labels = new int[pairs.size()];
        // only classes present matter to the statistics, so the highest label held bounds the count
        int classCount = 0;
        for (int i = 0; i < sample.length; i++) {
            sample[i] = pairs.get(i).embedding();
            labels[i] = pairs.get(i).label();
            classCount = Math.max(classCount, labels[i] + 1);
        }
        return FeatureSpaceStats.compute(sample, labels, classCount);
    }
}
