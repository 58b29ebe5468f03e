package io.streamadapt.metrics.eval;

import io.streamadapt.adapt.Probabilities;
import java.util.Arrays;

/**
 * Classification metrics as pure static functions over plain arrays.
 *
 * <p>Conventions shared by all functions:
 *
 * <ul>
 *   <li>Class indices are {@code 0 .. classCount-1}; an index outside that range is an {@link
 *       IllegalArgumentException}.
 *   <li>A probability row may be shorter than {@code classCount}: missing entries count as
 *       probability {@code 0}. This happens legitimately when the class list grew after the row was
 *       scored, or when a model that predates a class (the frozen source model) scores an event of
 *       that class.
 *   <li>Probabilities are expected to be finite and non-negative; they are not renormalised.
 *   <li>A metric that is undefined for its input (no events, no eligible class) is {@link
 *       Double#NaN}.
 * </ul>
 *
 * <p>Longer than most classes on purpose: one home for every metric formula, each small and pure, so the dashboard,
 * the demo report and the gate cannot drift apart.
 */
public final class ClassificationMetrics {

    /** Two-sided 95% standard-normal quantile used for the Wilson interval. */
    public static final double WILSON_Z_95 = 1.959964;

    private ClassificationMetrics() {}

    /**
     * A closed interval {@code [lower, upper]}; both bounds are NaN when undefined.
     *
     * @param lower lower bound
     * @param upper upper bound
     */
    public record Interval(double lower, double upper) {}

    /**
     * Fraction of correct predictions.
     *
     * @param correct number of correct predictions, {@code 0 <= correct <= total}
     * @param total number of predictions
     * @return {@code correct / total}, or NaN when {@code total == 0}
     */
    public static double accuracy(int correct, int total) {
        checkCounts(correct, total);
        return Probabilities.accuracy(correct, total);
    }

    /**
     * Fraction of positions where {@code predicted[i] == truth[i]}.
     *
     * @param truth true class per event
     * @param predicted predicted class per event, same length as {@code truth}
     * @return the accuracy, or NaN for no events
     */
    public static double accuracy(int[] truth, int[] predicted) {
        checkSameLength(truth.length, predicted.length);
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        return accuracy(correct, truth.length);
    }

    /**
     * Wilson score interval for a binomial proportion at 95% confidence ({@link #WILSON_Z_95}).
     *
     * @param successes number of successes, {@code 0 <= successes <= trials}
     * @param trials number of trials
     * @return the interval, NaN bounds when {@code trials == 0}
     * @see #wilsonInterval(int, int, double)
     */
    public static Interval wilsonInterval(int successes, int trials) {
        return wilsonInterval(successes, trials, WILSON_Z_95);
    }

    /**
     * Wilson score interval for a binomial proportion.
     *
     * <p>With {@code p = k/n}: centre {@code (p + z²/2n) / (1 + z²/n)}, half-width {@code z / (1 +
     * z²/n) · sqrt(p(1-p)/n + z²/4n²)}. Wilson rather than the normal approximation because
     * prequential accuracy is often near 0 or 1 on small windows, where the normal interval
     * collapses to a point or leaves {@code [0, 1]}. At {@code 0 of n} the lower bound is exactly 0
     * and at {@code n of n} the upper bound is exactly 1.
     *
     * @param successes number of successes, {@code 0 <= successes <= trials}
     * @param trials number of trials
     * @param z standard-normal quantile for the desired confidence, {@code > 0}
     * @return the interval, NaN bounds when {@code trials == 0}
     */
    public static Interval wilsonInterval(int successes, int trials, double z) {
        checkCounts(successes, trials);
        if (!(z > 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("z must be positive and finite, got " + z);
        }
        if (trials == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // Rounding would otherwise leave e.g. 1e-17 instead of 0 at the edges the formula pins down.
        double lower = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
        double upper = successes == trials ? 1.0 : Math.min(1.0, centre + half);
        return new Interval(lower, upper);
    }

    /**
     * Macro-averaged F1 score.
     *
     * <p>Convention: the average runs over the classes that occur in the truth <em>or</em> the
     * predictions (as scikit-learn does by default). For each such class {@code F1 = 2TP / (2TP + FP
     * + FN)}, so a class that is only predicted, never true, scores 0 and pulls the mean down, while a
     * class absent from both is skipped: a window that happens not to contain a class says nothing
     * about it, and counting it as 0 (or 1) would make the metric depend on the class-list size.
     *
     * @param truth true class per event
     * @param predicted predicted class per event, same length as {@code truth}
     * @param classCount number of classes
     * @return the macro F1, or NaN for no events
     */
    public static double f1Macro(int[] truth, int[] predicted, int classCount) {
        checkSameLength(truth.length, predicted.length);
        checkClassCount(classCount);
        long[] truePositives = new long[classCount];
        long[] trueCounts = new long[classCount];
        long[] predictedCounts = new long[classCount];
        for (int i = 0; i < truth.length; i++) {
            int t = checkClass(truth[i], classCount);
            int p = checkClass(predicted[i], classCount);
            trueCounts[t]++;
            predictedCounts[p]++;
            if (t == p) {
                truePositives[t]++;
            }
        }
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < classCount; c++) {
            // 2TP + FP + FN == |truth = c| + |predicted = c|
            long denominator = trueCounts[c] + predictedCounts[c];
            if (denominator == 0) {
                continue;
            }
            sum += 2.0 * truePositives[c] / denominator;
            classes++;
        }
        return classes == 0 ? Double.NaN : sum / classes;
    }

    /**
     * Binary ROC AUC via the Mann–Whitney rank statistic.
     *
     * <p>All scores are ranked together (1-based, ties share their average rank);
     * {@code AUC = (R₊ − n₊(n₊+1)/2) / (n₊·n₋)} where {@code R₊} is the sum of the positives' ranks.
     * This equals the probability that a random positive scores above a random negative, with ties
     * counted as one half.
     *
     * @param scores finite score per example
     * @param positive whether each example is positive, same length as {@code scores}
     * @return the AUC, or NaN when there are no positives or no negatives
     */
    public static double auc(double[] scores, boolean[] positive) {
        checkSameLength(scores.length, positive.length);
        double[] sorted = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            // +0.0 folds -0.0 into 0.0, which Arrays.sort would otherwise order as a distinct value.
            sorted[i] = scores[i] + 0.0;
            if (!Double.isFinite(sorted[i])) {
                throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
            }
        }
        Arrays.sort(sorted);
        long positives = 0;
        double positiveRankSum = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i]) {
                positives++;
                positiveRankSum += averageRank(sorted, scores[i] + 0.0);
            }
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }

    /**
     * Macro-averaged one-vs-rest ROC AUC.
     *
     * <p>For each class {@code c}, the events of class {@code c} are the positives, all others the
     * negatives, and the score is the probability given to {@code c} (0 where the row is too short);
     * see {@link #auc}. Classes without at least one positive and one negative in the input have no
     * defined AUC and are skipped; the result is the mean over the remaining classes.
     *
     * @param truth true class per event
     * @param probabilities probability row per event, same length as {@code truth}
     * @param classCount number of classes
     * @return the macro AUC, or NaN when no class has a defined AUC
     */
    public static double aucMacro(int[] truth, double[][] probabilities, int classCount) {
        checkSameLength(truth.length, probabilities.length);
        int[] trueCounts = classCounts(truth, classCount);
        double[] scores = new double[truth.length];
        boolean[] positive = new boolean[truth.length];
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < classCount; c++) {
            // Checked up front so the O(n log n) ranking is spent only on classes that count.
            if (trueCounts[c] == 0 || trueCounts[c] == truth.length) {
                continue;
            }
            for (int i = 0; i < truth.length; i++) {
                scores[i] = Probabilities.probability(probabilities[i], c);
                positive[i] = truth[i] == c;
            }
            sum += auc(scores, positive);
            classes++;
        }
        return classes == 0 ? Double.NaN : sum / classes;
    }

    /**
     * Mean cross-entropy (log loss) of the true class: {@code mean(-ln(max(p_true, 1e-15)))}; see {@link
     * Probabilities#crossEntropy}.
     *
     * @param truth true class per event (non-negative)
     * @param probabilities probability row per event, same length as {@code truth}
     * @return the mean cross-entropy in nats, or NaN for no events
     */
    public static double crossEntropy(int[] truth, double[][] probabilities) {
        checkSameLength(truth.length, probabilities.length);
        for (int t : truth) {
            if (t < 0) {
                throw new IllegalArgumentException("class index must be non-negative, got " + t);
            }
        }
        return Probabilities.crossEntropy(truth, probabilities);
    }

    /**
     * Fraction of events whose true class is each class (the observed label distribution).
     *
     * @param truth true class per event
     * @param classCount number of classes
     * @return an array of length {@code classCount} summing to 1, or all NaN for no events
     */
    public static double[] labelShare(int[] truth, int classCount) {
        int[] counts = classCounts(truth, classCount);
        double[] share = new double[classCount];
        for (int c = 0; c < classCount; c++) {
            share[c] = truth.length == 0 ? Double.NaN : (double) counts[c] / truth.length;
        }
        return share;
    }

    /**
     * Recall per class: of the events whose true class is {@code c}, the fraction predicted as
     * {@code c}.
     *
     * @param truth true class per event
     * @param predicted predicted class per event, same length as {@code truth}
     * @param classCount number of classes
     * @return an array of length {@code classCount}; NaN for classes with no true events
     */
    public static double[] perClassRecall(int[] truth, int[] predicted, int classCount) {
        checkSameLength(truth.length, predicted.length);
        int[] counts = classCounts(truth, classCount);
        int[] hits = new int[classCount];
        for (int i = 0; i < truth.length; i++) {
            checkClass(predicted[i], classCount);
            if (truth[i] == predicted[i]) {
                hits[truth[i]]++;
            }
        }
        double[] recall = new double[classCount];
        for (int c = 0; c < classCount; c++) {
            recall[c] = counts[c] == 0 ? Double.NaN : (double) hits[c] / counts[c];
        }
        return recall;
    }

    /** Average 1-based rank of {@code value} among {@code sorted}, which must contain it. */
    private static double averageRank(double[] sorted, double value) {
        int below = lowerBound(sorted, value);
        int belowOrEqual = upperBound(sorted, value);
        // ranks below+1 .. belowOrEqual, averaged
        return (below + 1 + belowOrEqual) / 2.0;
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int[] classCounts(int[] classes, int classCount) {
        checkClassCount(classCount);
        int[] counts = new int[classCount];
        for (int c : classes) {
            counts[checkClass(c, classCount)]++;
        }
        return counts;
    }

    private static void checkClassCount(int classCount) {
        if (classCount < 0) {
            throw new IllegalArgumentException("classCount must be non-negative, got " + classCount);
        }
    }

    private static int checkClass(int classIndex, int classCount) {
        if (classIndex < 0 || classIndex >= classCount) {
            throw new IllegalArgumentException(
                    "class index " + classIndex + " outside 0.." + (classCount - 1));
        }
        return classIndex;
    }

    private static void checkCounts(int successes, int trials) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
    }

    private static void checkSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("array lengths differ: " + a + " vs " + b);
        }
    }
}
