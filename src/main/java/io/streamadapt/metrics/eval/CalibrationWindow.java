package io.streamadapt.metrics.eval;

import io.streamadapt.labelshift.CalibrationError;

/**
 * Expected calibration error over the last N labelled events, from each event's top probability and whether that class
 * was the label. Thread-safe.
 */
public final class CalibrationWindow {
    private final double[] confidence;
    private final boolean[] hit;
    private int head;
    private int size;

    public CalibrationWindow(int capacity) {
        confidence = new double[capacity];
        hit = new boolean[capacity];
    }

    /** Records one scored event: {@code p} the probabilities, {@code truth} the label's index in them (-1: unknown). */
    public synchronized void record(double[] p, int truth) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        confidence[head] = p.length == 0 ? 0 : p[best];
        hit[head] = best == truth;
        head = (head + 1) % confidence.length;
        size = Math.min(confidence.length, size + 1);
    }

    /** ECE over the window; NaN while it is empty. */
    public synchronized double ece() {
        double[] c = new double[size];
        boolean[] h = new boolean[size];
        for (int i = 0; i < size; i++) {
            c[i] = confidence[i];
            h[i] = hit[i];
        }
        return CalibrationError.ece(c, h);
    }
}
