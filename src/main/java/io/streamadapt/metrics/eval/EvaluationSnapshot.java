package io.streamadapt.metrics.eval;

import java.util.Arrays;

/**
 * Immutable summary of a {@link PrequentialWindow} at one instant.
 *
 * <p>Every value is {@link Double#NaN} when undefined: all of them for an empty window, {@code
 * aucMacro} when no class has both positives and negatives, a {@code perClassRecall} entry when the
 * class has no true events in the window. The arrays have one entry per class (the window's class
 * count when the snapshot was taken); they are copied on the way in and out, so a snapshot can be
 * shared freely between threads.
 *
 * @param count number of events in the window
 * @param accuracy fraction of events whose arg-max prediction equals the true class
 * @param wilsonLower lower bound of the 95% Wilson interval on {@code accuracy}
 * @param wilsonUpper upper bound of the 95% Wilson interval on {@code accuracy}
 * @param f1Macro macro F1, see {@link ClassificationMetrics#f1Macro}
 * @param aucMacro macro one-vs-rest AUC, see {@link ClassificationMetrics#aucMacro}
 * @param crossEntropy mean {@code -ln(max(p_true, 1e-15))} in nats
 * @param labelShare fraction of events per true class
 * @param perClassRecall recall per class
 */
public record EvaluationSnapshot(
        int count,
        double accuracy,
        double wilsonLower,
        double wilsonUpper,
        double f1Macro,
        double aucMacro,
        double crossEntropy,
        double[] labelShare,
        double[] perClassRecall) {

    /** Validates the counts and takes private copies of the arrays. */
    public EvaluationSnapshot {
        if (count < 0) {
            throw new IllegalArgumentException("count must be non-negative, got " + count);
        }
        labelShare = labelShare.clone();
        perClassRecall = perClassRecall.clone();
        if (labelShare.length != perClassRecall.length) {
            throw new IllegalArgumentException("labelShare and perClassRecall lengths differ: "
                    + labelShare.length + " vs " + perClassRecall.length);
        }
    }

    /**
     * The snapshot of an empty window: count 0 and every value NaN.
     *
     * @param classCount number of classes, the length of the arrays
     * @return the empty snapshot
     */
    public static EvaluationSnapshot empty(int classCount) {
        double[] nan = new double[classCount];
        Arrays.fill(nan, Double.NaN);
        return new EvaluationSnapshot(
                0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, nan, nan);
    }

    /**
     * Number of classes the per-class arrays cover.
     *
     * @return the length of {@link #labelShare()}
     */
    public int classCount() {
        return labelShare.length;
    }

    /**
     * Fraction of events per true class.
     *
     * @return a copy, one entry per class
     */
    @Override
    public double[] labelShare() {
        return labelShare.clone();
    }

    /**
     * Recall per class, NaN for classes with no true events in the window.
     *
     * @return a copy, one entry per class
     */
    @Override
    public double[] perClassRecall() {
        return perClassRecall.clone();
    }

    // The implicit record members compare arrays by identity; callers expect value semantics.

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationSnapshot other
                && count == other.count
                && Double.compare(accuracy, other.accuracy) == 0
                && Double.compare(wilsonLower, other.wilsonLower) == 0
                && Double.compare(wilsonUpper, other.wilsonUpper) == 0
                && Double.compare(f1Macro, other.f1Macro) == 0
                && Double.compare(aucMacro, other.aucMacro) == 0
                && Double.compare(crossEntropy, other.crossEntropy) == 0
                && Arrays.equals(labelShare, other.labelShare)
                && Arrays.equals(perClassRecall, other.perClassRecall);
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(count);
        h = 31 * h + Double.hashCode(accuracy);
        h = 31 * h + Double.hashCode(wilsonLower);
        h = 31 * h + Double.hashCode(wilsonUpper);
        h = 31 * h + Double.hashCode(f1Macro);
        h = 31 * h + Double.hashCode(aucMacro);
        h = 31 * h + Double.hashCode(crossEntropy);
        h = 31 * h + Arrays.hashCode(labelShare);
        return 31 * h + Arrays.hashCode(perClassRecall);
    }

    @Override
    public String toString() {
        return "EvaluationSnapshot[count=" + count
                + ", accuracy=" + accuracy
                + ", wilsonLower=" + wilsonLower
                + ", wilsonUpper=" + wilsonUpper
                + ", f1Macro=" + f1Macro
                + ", aucMacro=" + aucMacro
                + ", crossEntropy=" + crossEntropy
                + ", labelShare=" + Arrays.toString(labelShare)
                + ", perClassRecall=" + Arrays.toString(perClassRecall) + "]";
    }
}
