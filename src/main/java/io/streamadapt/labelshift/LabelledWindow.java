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
 * @param probabilities calibrated probabilities of each request
 * @param labels        class index of each request whose label has arrived, -1 for the others
 */
public record LabelledWindow(double[][] probabilities, int[] labels) {
    public LabelledWindow {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException("one label slot per request");
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
     * (their estimated mix; unused when every request is labelled).
     */
    public double[] combine(double[] unlabelledEstimate) {
        int known = labelled();
        if (known == 0) {
            return unlabelledEstimate;
        }
        int k = unlabelledEstimate.length;
        double[] q = new double[k];
        for (int l : labels) {
            if (l >= 0 && l < k) {
                q[l]++;
            }
        }
        int rest = size() - known;
        for (int c = 0; c < k; c++) {
            q[c] = (q[c] + (rest == 0 ? 0 : rest * unlabelledEstimate[c])) / size();
        }
        return q;
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
        int[] l = new int[size()];
        for (int i = 0; i < p.length; i++) {
            int j = random.nextInt(p.length);
            p[i] = probabilities[j];
            l[i] = labels[j];
        }
        return new LabelledWindow(p, l);
    }
}
