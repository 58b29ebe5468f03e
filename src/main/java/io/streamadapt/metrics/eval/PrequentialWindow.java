package io.streamadapt.metrics.eval;

import io.streamadapt.adapt.Probabilities;
import java.util.List;

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
    // each stored row is a private copy never mutated afterwards, so a snapshot can share it
    private record Scored(int trueClass, double[] probabilities) {
    }

    private final SlidingWindow<Scored, EvaluationSnapshot> window;
    // guarded by this; volatile so a snapshot reads it without taking the lock
    private volatile int classCount;

    /**
     * Creates an empty window.
     *
     * @param capacity maximum number of events kept, {@code > 0}
     * @param classCount initial number of classes, {@code > 0}
     */
    public PrequentialWindow(int capacity, int classCount) {
        if (classCount <= 0) {
            throw new IllegalArgumentException("classCount must be positive, got " + classCount);
        }
        this.classCount = classCount;
        this.window = new SlidingWindow<>(capacity, this::compute);
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
        synchronized (this) {
            int classes = Math.max(classCount, row.length);
            if (trueClass < 0 || trueClass >= classes) {
                throw new IllegalArgumentException(
                        "true class " + trueClass + " outside 0.." + (classes - 1));
            }
            classCount = classes;
            window.add(new Scored(trueClass, row));
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
    public synchronized void growClasses(int newClassCount) {
        if (newClassCount < classCount) {
            throw new IllegalArgumentException(
                    "class count can only grow: " + classCount + " -> " + newClassCount);
        }
        if (newClassCount > classCount) {
            classCount = newClassCount;
            window.changed();
        }
    }

    /**
     * Metrics over the events currently in the window; all NaN when it is empty.
     *
     * @return an immutable snapshot
     */
    public EvaluationSnapshot snapshot() {
        return window.summary();
    }

    public int capacity() {
        return window.capacity();
    }

    public int classCount() {
        return classCount;
    }

    /** Number of events currently in the window, between 0 and {@link #capacity()}. */
    public int size() {
        return window.size();
    }

    private EvaluationSnapshot compute(List<Scored> events) {
        // read after the events were copied: the count only grows, and every copied row fits it
        int classes = classCount;
        int n = events.size();
        if (n == 0) {
            return EvaluationSnapshot.empty(classes);
        }
        int[] truth = new int[n];
        double[][] probabilities = new double[n][];
        int[] predicted = new int[n];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            truth[i] = events.get(i).trueClass();
            probabilities[i] = events.get(i).probabilities();
            predicted[i] = Probabilities.argmax(probabilities[i]);
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
