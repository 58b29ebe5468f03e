package io.streamadapt.metrics.eval;

/**
 * Analysis metrics in the model's feature space: embeddings are the penultimate-layer activations,
 * labels the true classes. They show whether adaptation pulls the target classes apart (class means
 * drift apart, samples tighten around their own mean) independently of the output layer.
 *
 * <p>Over a sample {@code (xᵢ, yᵢ)}, with {@code P} the set of classes present in it, {@code μ_c} the
 * mean embedding of class {@code c} and {@code ‖·‖} the Euclidean norm:
 *
 * <ul>
 *   <li><b>meanClassMeanDistance</b> = mean of {@code ‖μ_a − μ_b‖} over all unordered pairs {@code
 *       a ≠ b} in {@code P};
 *   <li><b>intraClassVariance</b> = mean over {@code c ∈ P} of {@code mean_{i: yᵢ=c} ‖xᵢ − μ_c‖²}
 *       (each class weighs the same, so a frequent class cannot hide a diffuse rare one);
 *   <li><b>interClassDistance</b> = mean over all samples {@code i} of {@code min_{c ∈ P, c ≠ yᵢ}
 *       ‖xᵢ − μ_c‖}, the distance from each sample to the nearest class mean other than its own.
 * </ul>
 *
 * <p>Classes absent from the sample are ignored. With fewer than two classes present none of the
 * three is defined, and all are NaN. Cost is {@code O(n · |P| · d)} time and {@code O(|P| · d)}
 * extra memory for {@code n} samples of dimension {@code d}, hence the bounded sample.
 */
public final class FeatureSpaceStats {

    private FeatureSpaceStats() {}

    /**
     * Computes the three statistics over a sample.
     *
     * @param embeddings one embedding per sample, all of the same non-zero dimension
     * @param labels true class per sample, same length as {@code embeddings}
     * @param classCount number of classes; every label must be in {@code 0 .. classCount-1}
     * @return the statistics, or {@link FeatureSpaceSnapshot#UNDEFINED} when fewer than two classes
     *     are present
     */
    public static FeatureSpaceSnapshot compute(float[][] embeddings, int[] labels, int classCount) {
        if (embeddings.length != labels.length) {
            throw new IllegalArgumentException("embeddings and labels lengths differ: "
                    + embeddings.length + " vs " + labels.length);
        }
        if (classCount < 0) {
            throw new IllegalArgumentException("classCount must be non-negative, got " + classCount);
        }
        int n = embeddings.length;
        if (n == 0) {
            return FeatureSpaceSnapshot.UNDEFINED;
        }
        int dimension = embeddings[0].length;
        if (dimension == 0) {
            throw new IllegalArgumentException("embeddings must not be empty");
        }
        int[] counts = new int[classCount];
        double[][] means = new double[classCount][];
        for (int i = 0; i < n; i++) {
            int label = labels[i];
            if (label < 0 || label >= classCount) {
                throw new IllegalArgumentException(
                        "label " + label + " outside 0.." + (classCount - 1));
            }
            float[] x = embeddings[i];
            if (x.length != dimension) {
                throw new IllegalArgumentException("embedding " + i + " has dimension " + x.length
                        + ", expected " + dimension);
            }
            if (means[label] == null) {
                means[label] = new double[dimension];
            }
            double[] sum = means[label];
            for (int j = 0; j < dimension; j++) {
                sum[j] += x[j];
            }
            counts[label]++;
        }

        int[] present = new int[classCount];
        int presentCount = 0;
        for (int c = 0; c < classCount; c++) {
            if (counts[c] > 0) {
                present[presentCount++] = c;
                for (int j = 0; j < dimension; j++) {
                    means[c][j] /= counts[c];
                }
            }
        }
        if (presentCount < 2) {
            return FeatureSpaceSnapshot.UNDEFINED;
        }

        double pairSum = 0;
        for (int a = 0; a < presentCount; a++) {
            for (int b = a + 1; b < presentCount; b++) {
                pairSum += Math.sqrt(squaredDistance(means[present[a]], means[present[b]]));
            }
        }
        double meanClassMeanDistance = pairSum / (presentCount * (presentCount - 1) / 2.0);

        double[] squaredSpread = new double[classCount];
        double nearestOtherSum = 0;
        for (int i = 0; i < n; i++) {
            double[] x = widen(embeddings[i]);
            int own = labels[i];
            squaredSpread[own] += squaredDistance(x, means[own]);
            double nearest = Double.POSITIVE_INFINITY;
            for (int p = 0; p < presentCount; p++) {
                int c = present[p];
                if (c != own) {
                    nearest = Math.min(nearest, squaredDistance(x, means[c]));
                }
            }
            nearestOtherSum += Math.sqrt(nearest);
        }
        double varianceSum = 0;
        for (int p = 0; p < presentCount; p++) {
            int c = present[p];
            varianceSum += squaredSpread[c] / counts[c];
        }
        return new FeatureSpaceSnapshot(
                meanClassMeanDistance, varianceSum / presentCount, nearestOtherSum / n);
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            sum += d * d;
        }
        return sum;
    }

    private static double[] widen(float[] x) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = x[j];
        }
        return out;
    }
}
