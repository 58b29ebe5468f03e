package io.streamadapt.metrics.eval;

import java.util.Arrays;

/**
 * Thread-safe sliding window over the last {@code capacity} scored labelled events, for
 * prequential (test-then-train) evaluation: the caller records each labelled event with the
 * probabilities the model gave it <em>before</em> learning from it.
 *
 * <p>Memory is {@code O(capacity)} rows. {@link #record} is {@code O(classes)}; {@link #snapshot}
 * is {@code O(capacity · classes · log capacity)} (dominated by the one-vs-rest AUC ranking) and is
 * meant for metric scrapes, a few times per second at most. The heavy work runs outside the lock,
 * so a scrape never stalls the stream thread for more than a copy of {@code capacity} references,
 * and the result is reused until the next change, so several gauges read in one scrape pay once.
 *
 * <p>The class list may grow while the service runs (a new label appears). Call {@link
 * #growClasses}, or simply record a row with more probabilities than the current class count: that
 * row proves the class list grew, so the window grows with it. Rows recorded before the growth, or
 * by a model that predates a class (the frozen source model), are shorter than the class count;
 * their missing entries count as probability 0.
 */
public final class PrequentialWindow {

    private final Object lock = new Object();
    private final int capacity;

    // Ring buffer; each stored row is a private copy never mutated afterwards, so a snapshot can
    // share the references instead of copying every probability.
    private final int[] trueClasses;
    private final double[][] rows;
    private int next;
    private int size;
    private int classCount;
    private long version;

    private volatile Cached cached;

    private record Cached(long version, EvaluationSnapshot snapshot) {}

    /**
     * Creates an empty window.
     *
     * @param capacity maximum number of events kept, {@code > 0}
     * @param classCount initial number of classes, {@code > 0}
     */
    public PrequentialWindow(int capacity, int classCount) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        if (classCount <= 0) {
            throw new IllegalArgumentException("classCount must be positive, got " + classCount);
        }
        this.capacity = capacity;
        this.classCount = classCount;
        this.trueClasses = new int[capacity];
        this.rows = new double[capacity][];
    }

    /**
     * Records one scored labelled event, evicting the oldest when the window is full.
     *
     * @param trueClass index of the event's true class, {@code 0 <= trueClass < classCount} (after
     *     any growth implied by {@code probabilities})
     * @param probabilities the model's class probabilities for the event, finite and non-negative;
     *     copied. Longer than the class count grows the window; shorter means the missing classes
     *     had probability 0.
     * @throws IllegalArgumentException if the class index or the probabilities are invalid; the
     *     window is left unchanged
     */
    public void record(int trueClass, double[] probabilities) {
        // Copy before validating so a caller mutating its array cannot slip past the checks.
        double[] row = probabilities.clone();
        if (row.length == 0) {
            throw new IllegalArgumentException("probabilities must not be empty");
        }
        for (int i = 0; i < row.length; i++) {
            if (!Double.isFinite(row[i]) || row[i] < 0) {
                throw new IllegalArgumentException(
                        "probability " + i + " must be finite and non-negative, got " + row[i]);
            }
        }
        synchronized (lock) {
            int classes = Math.max(classCount, row.length);
            if (trueClass < 0 || trueClass >= classes) {
                throw new IllegalArgumentException(
                        "true class " + trueClass + " outside 0.." + (classes - 1));
            }
            classCount = classes;
            trueClasses[next] = trueClass;
            rows[next] = row;
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
            version++;
        }
    }

    /**
     * Raises the number of classes; existing events keep their probabilities, with 0 for the new
     * classes. A count equal to the current one is a no-op.
     *
     * @param newClassCount the new number of classes
     * @throws IllegalArgumentException if {@code newClassCount} is below the current count: class
     *     lists only grow, and shrinking would orphan recorded events
     */
    public void growClasses(int newClassCount) {
        synchronized (lock) {
            if (newClassCount < classCount) {
                throw new IllegalArgumentException(
                        "class count can only grow: " + classCount + " -> " + newClassCount);
            }
            if (newClassCount > classCount) {
                classCount = newClassCount;
                version++;
            }
        }
    }

    /**
     * Metrics over the events currently in the window; all NaN when it is empty.
     *
     * @return an immutable snapshot
     */
    public EvaluationSnapshot snapshot() {
        int[] truth;
        double[][] probabilities;
        int classes;
        long at;
        synchronized (lock) {
            Cached c = cached;
            if (c != null && c.version() == version) {
                return c.snapshot();
            }
            // Order is irrelevant to every metric, and until the ring wraps slots 0..size-1 are
            // exactly the filled ones.
            truth = Arrays.copyOf(trueClasses, size);
            probabilities = Arrays.copyOf(rows, size);
            classes = classCount;
            at = version;
        }
        EvaluationSnapshot snapshot = compute(truth, probabilities, classes);
        // A racing scrape may store an older result last; the version check keeps it from being
        // served once the window has moved on.
        cached = new Cached(at, snapshot);
        return snapshot;
    }

    /**
     * Maximum number of events kept.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Current number of classes.
     *
     * @return the class count
     */
    public int classCount() {
        synchronized (lock) {
            return classCount;
        }
    }

    /**
     * Number of events currently in the window.
     *
     * @return between 0 and {@link #capacity()}
     */
    public int size() {
        synchronized (lock) {
            return size;
        }
    }

    private static EvaluationSnapshot compute(int[] truth, double[][] probabilities, int classes) {
        int n = truth.length;
        if (n == 0) {
            return EvaluationSnapshot.empty(classes);
        }
        int[] predicted = new int[n];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            predicted[i] = ClassificationMetrics.argmax(probabilities[i]);
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        ClassificationMetrics.Interval wilson = ClassificationMetrics.wilsonInterval(correct, n);
        return new EvaluationSnapshot(
                n,
                ClassificationMetrics.accuracy(correct, n),
                wilson.lower(),
                wilson.upper(),
                ClassificationMetrics.f1Macro(truth, predicted, classes),
                ClassificationMetrics.aucMacro(truth, probabilities, classes),
                ClassificationMetrics.crossEntropy(truth, probabilities),
                ClassificationMetrics.labelShare(truth, classes),
                ClassificationMetrics.perClassRecall(truth, predicted, classes));
    }
}
