package io.streamadapt.labelshift;

/**
 * Whether a window of requests shows a change of class priors at all: the likelihood-ratio test of Saerens, Latinne and
 * Decaestecker (2002), {@code 2 (log L(estimate) - log L(training priors))}, asymptotically chi-squared with
 * {@code k - 1} degrees of freedom when the priors did not change.
 *
 * <p>The reference priors are themselves measured on a sample (a version's training events), which the textbook test
 * takes as exact. A difference of two sample means has variance {@code 1/m + 1/n} rather than {@code 1/m}, so the
 * statistic is divided by {@code 1 + m/n} (m requests in the window, n reference events): a version whose priors come
 * from 40 events cannot tell a shift from its own sampling noise, and is not corrected until it can. Without this test
 * the correction reweights an unshifted stream by noise and loses accuracy.
 */
public final class ShiftTest {
    /** Significance level: a false alarm costs accuracy, a missed small shift costs little. */
    public static final double ALPHA = 0.01;
    /** Upper 1% quantile of the standard normal. */
    private static final double Z = 2.3263478740408408;

    private ShiftTest() {
    }

    /**
     * @param posteriors      calibrated probabilities of the window's requests, under {@code trainingPriors}
     * @param trainingPriors  the priors the probabilities refer to
     * @param estimate        the EM estimate of the window's priors
     * @param referenceEvents events {@code trainingPriors} were measured on; 0 when they are taken as exact
     * @return the likelihood-ratio statistic, corrected for the reference sample's size
     */
    public static double statistic(double[][] posteriors, double[] trainingPriors, double[] estimate, long referenceEvents) {
        double[] train = PriorEstimators.floored(trainingPriors);
        int k = train.length;
        double[] ratio = new double[k];
        for (int c = 0; c < k; c++) {
            ratio[c] = estimate[c] / train[c];
        }
        double ll = 0;
        for (double[] p : posteriors) {
            double s = 0;
            double base = 0;
            for (int c = 0; c < k; c++) {
                s += p[c] * ratio[c];
                base += p[c];
            }
            if (s > 0 && base > 0) {
                ll += Math.log(s / base);
            }
        }
        double inflation = referenceEvents > 0 ? 1 + posteriors.length / (double) referenceEvents : 1;
        return Math.max(0, 2 * ll) / inflation;
    }

    /** Whether {@code statistic} exceeds the chi-squared critical value with {@code classes - 1} degrees of freedom. */
    public static boolean significant(double statistic, int classes) {
        return classes > 1 && statistic > critical(classes - 1);
    }

    /** Upper {@value #ALPHA} quantile of chi-squared with {@code df} degrees of freedom (Wilson and Hilferty, 1931). */
    static double critical(int df) {
        double h = 2.0 / (9 * df);
        double c = 1 - h + Z * Math.sqrt(h);
        return df * c * c * c;
    }
}
