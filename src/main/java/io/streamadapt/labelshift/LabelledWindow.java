package io.streamadapt.labelshift;

import java.util.Random;

/**
 * A window of requests as the prior estimators see it: each request's calibrated probabilities, and its class once a
 * label for it has arrived.
 *
 * <p>A request whose label is known is counted as its class; the class mix of the others is estimated from their own
 * probabilities alone, and the two are added up. Why not one estimate over all rows with the known ones as certain rows:
 * that is the better estimate when labels arrive for requests at random, but labels that arrive only for some classes
 * (confirmed fraud, a customer who reports back) would then pull the estimate of the unlabelled requests towards those
 * classes. Estimated apart, the unlabelled requests are a label-shifted sample of their own, which is what the
 * estimators assume.
 *
 * <p>When the labelled requests look like a random share of the window, they also correct the estimate of the others
 * (prediction-powered inference, Angelopoulos et al. 2023): under the estimated mix each labelled request has adjusted
 * probabilities, and the mean of its true class minus those probabilities is the estimator's bias on requests like it,
 * whatever a miscalibrated classifier makes EM believe. That mean is noisy with few labels, so each class keeps only
 * the part of it that stands out of its own standard error (positive-part James-Stein shrinkage): a good classifier's
 * estimate is left alone, a confused one's is pulled to what the labels show. Labels that arrive for some classes only
 * are not a random share; their mean probabilities then differ from the unlabelled requests' by many standard errors,
 * and the correction is skipped. That is judged on the probabilities the requests were served with: a version that has
 * learned the labelled requests gives them sharper probabilities than the others (in the fashion demo its window's
 * labelled requests stood out by up to 5 standard errors in a class), though they are the same random share.
 *
 * @param probabilities calibrated probabilities of each request, by the version whose estimate this is
 * @param asServed      each request's calibrated probabilities as it was served, before its label could be learned
 * @param labels        class index of each request whose label has arrived, -1 for the others
 */
public record LabelledWindow(double[][] probabilities, double[][] asServed, int[] labels) {
    /** Labelled requests needed before their mean residual is taken as evidence. */
    static final int MIN_RESIDUALS = 10;
    /**
     * Standard errors by which the labelled requests' mean served probability of a class may differ from the unlabelled
     * ones' before they are no longer taken for a random share. Labels for one class only stand out by tens of standard
     * errors; random labels in the fashion demo reached 2 to 3 in some class, and more than 3.5 in one run of five
     * (requests drawn with replacement repeat, and a label marks the newest copy of its request, which a newer version
     * may have served), so the line sits well above that.
     */
    static final double RANDOM_SHARE_Z = 5;

    public LabelledWindow {
        if (probabilities.length != labels.length || asServed.length != labels.length) {
            throw new IllegalArgumentException("one label slot and one served row per request");
        }
    }

    public int size() {
        return labels.length;
    }

    /** Requests whose label has arrived. */
    public int labelled() {
        int n = 0;
        for (int l : labels) {
            if (l >= 0) {
                n++;
            }
        }
        return n;
    }

    /** Probabilities of the requests without a label. */
    public double[][] unlabelledRows() {
        double[][] rows = new double[size() - labelled()][];
        int j = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                rows[j++] = probabilities[i];
            }
        }
        return rows;
    }

    /**
     * The window's class mix: the labelled requests counted, the others in the proportions of {@code unlabelledEstimate}
     * (their estimated mix; unused when every request is labelled), corrected by the labelled requests' residuals when
     * they are a random share of the window.
     *
     * @param trainingPriors the priors the probabilities refer to, to adjust them to the estimated mix
     */
    public double[] combine(double[] unlabelledEstimate, double[] trainingPriors) {
        int known = labelled();
        if (known == 0) {
            return unlabelledEstimate;
        }
        return counted(correctsUnlabelled(unlabelledEstimate.length)
                ? corrected(unlabelledEstimate, trainingPriors)
                : unlabelledEstimate);
    }

    /** Whether the labelled requests correct the estimate of the others: enough of them, some left, a random share. */
    public boolean correctsUnlabelled(int k) {
        int known = labelled();
        return known >= MIN_RESIDUALS && known < size() && labelledAtRandom(k);
    }

    /** The labelled requests counted, the others in the proportions of {@code unlabelledMix}. */
    double[] counted(double[] unlabelledMix) {
        int k = unlabelledMix.length;
        double[] q = new double[k];
        for (int l : labels) {
            if (l >= 0 && l < k) {
                q[l]++;
            }
        }
        int rest = size() - labelled();
        for (int c = 0; c < k; c++) {
            q[c] = (q[c] + (rest == 0 ? 0 : rest * unlabelledMix[c])) / size();
        }
        return q;
    }

    /**
     * Whether the labelled requests look like a random share of the window: for every class, their mean probability is
     * within {@link #RANDOM_SHARE_Z} standard errors of the unlabelled requests', as they were served.
     */
    boolean labelledAtRandom(int k) {
        double[] sumL = new double[k];
        double[] sumU = new double[k];
        double[] sq = new double[k];
        int nl = 0;
        for (int i = 0; i < labels.length; i++) {
            double[] p = asServed[i];
            for (int c = 0; c < k; c++) {
                if (labels[i] >= 0) {
                    sumL[c] += p[c];
                } else {
                    sumU[c] += p[c];
                }
                sq[c] += p[c] * p[c];
            }
            nl += labels[i] >= 0 ? 1 : 0;
        }
        int n = labels.length;
        int nu = n - nl;
        if (nl == 0 || nu == 0) {
            return true;
        }
        for (int c = 0; c < k; c++) {
            double mean = (sumL[c] + sumU[c]) / n;
            double variance = Math.max(0, sq[c] / n - mean * mean);
            double diff = sumL[c] / nl - sumU[c] / nu;
            double se = Math.sqrt(variance * (1.0 / nl + 1.0 / nu));
            if (se > 0 ? Math.abs(diff) > RANDOM_SHARE_Z * se : Math.abs(diff) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** {@code estimate} plus, per class, the labelled requests' mean residual shrunk by its standard error. */
    private double[] corrected(double[] estimate, double[] trainingPriors) {
        int k = estimate.length;
        double[] ratio = new double[k];
        double[] train = PriorEstimators.floored(trainingPriors);
        for (int c = 0; c < k; c++) {
            ratio[c] = estimate[c] / train[c];
        }
        double[] sum = new double[k];
        double[] sq = new double[k];
        double[] adjusted = new double[k];
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                continue;
            }
            double total = 0;
            for (int c = 0; c < k; c++) {
                adjusted[c] = probabilities[i][c] * ratio[c];
                total += adjusted[c];
            }
            for (int c = 0; c < k; c++) {
                double r = (c == labels[i] ? 1 : 0) - (total > 0 ? adjusted[c] / total : estimate[c]);
                sum[c] += r;
                sq[c] += r * r;
            }
            n++;
        }
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            double mean = sum[c] / n;
            double varianceOfMean = Math.max(0, sq[c] / n - mean * mean) / n;
            double keep = mean == 0 ? 0 : Math.max(0, 1 - varianceOfMean / (mean * mean));
            out[c] = Math.max(0, estimate[c] + keep * mean);
        }
        return Priors.normalize(out);
    }

    /** Each request's probabilities, or a certain row of its class when its label is known: the rows of a likelihood. */
    public double[][] certainRows(int classes) {
        double[][] rows = probabilities.clone();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                rows[i] = new double[classes];
                rows[i][labels[i]] = 1;
            }
        }
        return rows;
    }

    /** A bootstrap resample: as many requests, drawn with replacement, each with its label. */
    public LabelledWindow resample(Random random) {
        double[][] p = new double[size()][];
        double[][] s = new double[size()][];
        int[] l = new int[size()];
        for (int i = 0; i < p.length; i++) {
            int j = random.nextInt(p.length);
            p[i] = probabilities[j];
            s[i] = asServed[j];
            l[i] = labels[j];
        }
        return new LabelledWindow(p, s, l);
    }
}
