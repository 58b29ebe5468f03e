package io.streamadapt.labelshift;

import io.streamadapt.adapt.Classifier;
/**
 * Expected calibration error (top-label, equal-width confidence bins): the mean gap between how confident the model is
 * and how often it is right, weighted by the share of predictions in each bin. 0 is perfectly calibrated.
 */
public final class CalibrationError {
    public static final int BINS = 15;

    private CalibrationError() {
    }

    /** ECE of class probabilities against true label indices (a label outside the row counts as a miss). */
    public static double ece(double[][] probabilities, int[] labels) {
        double[] confidence = new double[probabilities.length];
        boolean[] hit = new boolean[probabilities.length];
        int[] predicted = Classifier.argmax(probabilities);
        for (int i = 0; i < probabilities.length; i++) {
            confidence[i] = probabilities[i].length == 0 ? 0 : probabilities[i][predicted[i]];
            hit[i] = predicted[i] == labels[i];
        }
        return ece(confidence, hit);
    }

    /** ECE from each prediction's top probability and whether it was right; NaN for no predictions. */
    public static double ece(double[] confidence, boolean[] hit) {
        if (confidence.length == 0) {
            return Double.NaN;
        }
        double[] conf = new double[BINS];
        double[] acc = new double[BINS];
        int[] n = new int[BINS];
        for (int i = 0; i < confidence.length; i++) {
            int b = Math.min(BINS - 1, Math.max(0, (int) (confidence[i] * BINS)));
            conf[b] += confidence[i];
            acc[b] += hit[i] ? 1 : 0;
            n[b]++;
        }
        double e = 0;
        for (int b = 0; b < BINS; b++) {
            if (n[b] > 0) {
                e += Math.abs(acc[b] - conf[b]) / confidence.length;
            }
        }
        return e;
    }
}
