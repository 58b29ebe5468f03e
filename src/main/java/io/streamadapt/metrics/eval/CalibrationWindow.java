package io.streamadapt.metrics.eval;

import io.streamadapt.adapt.Probabilities;
import io.streamadapt.labelshift.CalibrationError;
import java.util.List;

/**
 * Expected calibration error over the last N labelled events, from each event's top probability and whether that class
 * was the label. Thread-safe.
 */
public final class CalibrationWindow {
    private record Point(double confidence, boolean hit) {
    }

    private final SlidingWindow<Point, Double> window;

    public CalibrationWindow(int capacity) {
        window = new SlidingWindow<>(capacity, CalibrationWindow::ece);
    }

    /** Records one scored event: {@code p} the probabilities, {@code truth} the label's index in them (-1: unknown). */
    public void record(double[] p, int truth) {
        if (p.length == 0) {
            window.add(new Point(0, truth == 0));
            return;
        }
        int best = Probabilities.argmax(p);
        window.add(new Point(p[best], best == truth));
    }

    /** ECE over the window; NaN while it is empty. */
    public double ece() {
        return window.summary();
    }

    private static double ece(List<Point> points) {
        double[] confidence = new double[points.size()];
        boolean[] hit = new boolean[points.size()];
        for (int i = 0; i < confidence.length; i++) {
            confidence[i] = points.get(i).confidence();
            hit[i] = points.get(i).hit();
        }
        return CalibrationError.ece(confidence, hit);
    }
}
