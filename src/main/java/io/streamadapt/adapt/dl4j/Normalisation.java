package io.streamadapt.adapt.dl4j;

import java.util.Arrays;

/**
 * How inputs are scaled before the network sees them (fitted on the source data, saved with the model).
 *
 * <p>Features that share one range (pixels, block counts, binary flags) get one global scale: scaling each pixel by its
 * own spread would blow up pixels that are always blank in the source domain but inked in the target domain. Features
 * whose ranges differ by more than {@value #MIXED_RANGE_RATIO}x (tabular data in mixed units) get each its own standard
 * deviation, or one large-valued column would drown the others.
 */
final class Normalisation {
    static final double MIXED_RANGE_RATIO = 4.0;

    private Normalisation() {
    }

    static float[] scales(float[][] rows, float[] mean) {
        int d = mean.length;
        int n = rows.length;
        double[] sumSq = new double[d];
        float[] min = new float[d];
        float[] max = new float[d];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                double c = row[j] - mean[j];
                sumSq[j] += c * c;
                min[j] = Math.min(min[j], row[j]);
                max[j] = Math.max(max[j], row[j]);
            }
        }
        double[] ranges = new double[d];
        double total = 0;
        for (int j = 0; j < d; j++) {
            ranges[j] = max[j] - min[j];
            total += sumSq[j];
        }
        float global = (float) Math.max(1e-6, Math.sqrt(total / ((double) n * d)));
        float[] scales = new float[d];
        if (!mixedRanges(ranges)) {
            Arrays.fill(scales, global);
            return scales;
        }
        for (int j = 0; j < d; j++) {
            scales[j] = (float) Math.max(1e-6, Math.sqrt(sumSq[j] / n));
        }
        return scales;
    }

    /** Whether the widest non-constant feature spans more than {@value #MIXED_RANGE_RATIO} times the median one. */
    static boolean mixedRanges(double[] ranges) {
        double[] nonConstant = Arrays.stream(ranges).filter(r -> r > 0).sorted().toArray();
        if (nonConstant.length < 2) {
            return false;
        }
        double median = nonConstant[nonConstant.length / 2];
        return nonConstant[nonConstant.length - 1] > MIXED_RANGE_RATIO * median;
    }
}
