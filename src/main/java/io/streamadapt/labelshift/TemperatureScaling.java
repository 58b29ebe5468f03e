package io.streamadapt.labelshift;

/**
 * Temperature scaling (Guo et al., 2017): one scalar {@code T} divides the log-probabilities before the softmax,
 * fitted to minimise the negative log-likelihood of held-out labelled events. It keeps the argmax, so it changes
 * confidence, never a decision. Working on log-probabilities equals working on logits: they differ by a constant per row.
 */
public final class TemperatureScaling {
    static final double MIN_T = 0.05;
    static final double MAX_T = 20;
    private static final double EPS = 1e-12;

    private TemperatureScaling() {
    }

    /**
     * Standard deviation of the prior on log T. A holdout of a few dozen events cannot pin a temperature down (one
     * confident mistake drives it up several-fold), so the fit is a posterior mode: the prior keeps T near 1 until the
     * events outweigh it, and barely matters for a few hundred.
     */
    static final double LOG_T_PRIOR_SD = 0.25;

    /** The temperature minimising held-out NLL plus the prior on log T, by golden-section search; 1 with nothing to fit. */
    public static double fit(double[][] probabilities, int[] labels) {
        if (probabilities.length == 0) {
            return 1;
        }
        double lo = Math.log(MIN_T);
        double hi = Math.log(MAX_T);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = objective(probabilities, labels, a);
        double fb = objective(probabilities, labels, b);
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = objective(probabilities, labels, a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = objective(probabilities, labels, b);
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Total negative log-likelihood at temperature exp(logT) plus the negative log prior of logT. */
    private static double objective(double[][] probabilities, int[] labels, double logT) {
        return nll(probabilities, labels, Math.exp(logT)) * probabilities.length + logT * logT / (2 * LOG_T_PRIOR_SD * LOG_T_PRIOR_SD);
    }

    /** Mean negative log-likelihood of the labels under the probabilities scaled by temperature {@code t}. */
    public static double nll(double[][] probabilities, int[] labels, double t) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (labels[i] < 0 || labels[i] >= probabilities[i].length) {
                continue;
            }
            s -= Math.log(Math.max(EPS, apply(probabilities[i], t)[labels[i]]));
            n++;
        }
        return n == 0 ? 0 : s / n;
    }

    /** One row of probabilities at temperature {@code t}. */
    public static double[] apply(double[] p, double t) {
        double[] out = new double[p.length];
        if (t == 1) {
            System.arraycopy(p, 0, out, 0, p.length);
            return out;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.log(Math.max(EPS, p[i])) / t;
            max = Math.max(max, out[i]);
        }
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.exp(out[i] - max);
            s += out[i];
        }
        for (int i = 0; i < p.length; i++) {
            out[i] /= s;
        }
        return out;
    }

    public static double[][] apply(double[][] p, double t) {
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = apply(p[i], t);
        }
        return out;
    }
}
