package io.streamadapt.metrics.eval;

import java.util.Arrays;

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
 * <p>Memory is {@code O(capacity · dimension)}. As with {@link PrequentialWindow}, the computation
 * runs outside the lock and its result is reused until the window changes.
 */
public final class FeatureSpaceWindow {

    private final Object lock = new Object();
    private final int capacity;

    // Ring buffer of private copies, never mutated after insertion, so snapshots share references.
    private final float[][] embeddings;
    private final int[] labels;
    private int next;
    private int size;
    private long version;

    private volatile Cached cached;

    private record Cached(long version, FeatureSpaceSnapshot snapshot) {}

    /**
     * Creates an empty window.
     *
     * @param capacity maximum number of pairs kept, {@code > 0}
     */
    public FeatureSpaceWindow(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.embeddings = new float[capacity][];
        this.labels = new int[capacity];
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
        synchronized (lock) {
            if (size > 0 && embeddings[(next + capacity - 1) % capacity].length != copy.length) {
                clearLocked();
            }
            embeddings[next] = copy;
            labels[next] = label;
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
            version++;
        }
    }

    /** Discards every held pair. */
    public void clear() {
        synchronized (lock) {
            clearLocked();
            version++;
        }
    }

    /**
     * Statistics over the pairs currently held; {@link FeatureSpaceSnapshot#UNDEFINED} when fewer
     * than two classes are present.
     *
     * @return the statistics
     */
    public FeatureSpaceSnapshot snapshot() {
        float[][] sample;
        int[] sampleLabels;
        long at;
        synchronized (lock) {
            Cached c = cached;
            if (c != null && c.version() == version) {
                return c.snapshot();
            }
            sample = Arrays.copyOf(embeddings, size);
            sampleLabels = Arrays.copyOf(labels, size);
            at = version;
        }
        // Only classes present matter to the statistics, so the highest label held bounds the count.
        int classCount = Arrays.stream(sampleLabels).max().orElse(-1) + 1;
        FeatureSpaceSnapshot snapshot = FeatureSpaceStats.compute(sample, sampleLabels, classCount);
        cached = new Cached(at, snapshot);
        return snapshot;
    }

    /**
     * Maximum number of pairs kept.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Number of pairs currently held.
     *
     * @return between 0 and {@link #capacity()}
     */
    public int size() {
        synchronized (lock) {
            return size;
        }
    }

    private void clearLocked() {
        Arrays.fill(embeddings, null);
        next = 0;
        size = 0;
    }
}
