package io.streamadapt.adapt;

/** Exact binomial tails, summed in log space: n can be a few hundred, where binomial coefficients overflow doubles. */
final class Binomial {
    private Binomial() {
    }

    /** The probability of at least {@code k} successes in {@code n} trials of probability {@code p}. */
    static double atLeast(int k, int n, double p) {
        if (k <= 0) {
            return 1.0;
        }
        if (k > n || p <= 0) {
            return 0.0;
        }
        if (p >= 1) {
            return 1.0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double tail = 0;
        for (int j = k; j <= n; j++) {
            tail += Math.exp(logChoose(n, j) + j * logP + (n - j) * logQ);
        }
        return Math.min(1.0, tail);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }
}
