package io.streamadapt.labelshift;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers on class-prior vectors (non-negative, summing to one, in a model's class order). */
public final class Priors {
    private Priors() {
    }

    public static double[] uniform(int k) {
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        return p;
    }

    /** Shares of each class among {@code labels} (indices), with {@code alpha} pseudo-counts per class. */
    public static double[] shares(int[] labels, int k, double alpha) {
        double[] p = new double[k];
        Arrays.fill(p, alpha);
        for (int y : labels) {
            if (y >= 0 && y < k) {
                p[y]++;
            }
        }
        return normalize(p);
    }

    /** Scales a non-negative vector to sum to one; an all-zero vector becomes uniform. */
    public static double[] normalize(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        if (!(s > 0)) {
            return uniform(v.length);
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / s;
        }
        return out;
    }

    public static double l1(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d;
    }

    /** Total-variation distance: half the L1 distance, the largest difference in probability of any set of classes. */
    public static double totalVariation(double[] a, double[] b) {
        return l1(a, b) / 2;
    }

    public static Map<String, Double> toMap(List<String> classes, double[] p) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            m.put(classes.get(i), p[i]);
        }
        return m;
    }

    /** The vector of {@code m} in {@code classes} order; classes it lacks share nothing, then it is renormalised. */
    public static double[] fromMap(Map<String, Double> m, List<String> classes) {
        double[] p = new double[classes.size()];
        for (int i = 0; i < p.length; i++) {
            Double v = m == null ? null : m.get(classes.get(i));
            p[i] = v == null ? 0 : v;
        }
        return normalize(p);
    }
}
