package io.streamadapt.labelshift;

import io.streamadapt.adapt.Classifier;
import java.util.Arrays;

/**
 * Estimators of the class priors of a target sample from a classifier's outputs alone.
 *
 * <ul>
 *   <li>{@link #em}: maximum likelihood by expectation-maximisation (Saerens, Latinne and Decaestecker, 2002). It needs
 *       calibrated posteriors and the priors they were calibrated under.
 *   <li>{@link #bbse}: black-box shift estimation (Lipton, Wang and Smola, 2018): with {@code C[i][j] = P(predicted i |
 *       true j)} measured on held-out labelled events, the target's predicted-class shares {@code mu} satisfy
 *       {@code C q = mu}. Needs only hard predictions, but a well-conditioned confusion matrix.
 * </ul>
 */
public final class PriorEstimators {
    private static final int MAX_ITERATIONS = 500;
    private static final double TOLERANCE = 1e-7;
    /** Priors are floored here so a class the model never saw in training does not divide by zero. */
    static final double PRIOR_FLOOR = 1e-4;

    private PriorEstimators() {
    }

    /**
     * @param posteriors one row per target example: calibrated class probabilities under {@code trainingPriors}
     * @return the target priors maximising the likelihood of the sample
     */
    public static double[] em(double[][] posteriors, double[] trainingPriors) {
        return em(posteriors, trainingPriors, null);
    }

    /**
     * EM started from {@code start} instead of the training priors. The likelihood is concave in the priors, so the
     * answer is the same; started from the estimate of a window that differs by a few rows, it needs a few iterations
     * instead of dozens.
     *
     * @param start a previous estimate (null: the training priors)
     */
    public static double[] em(double[][] posteriors, double[] trainingPriors, double[] start) {
        return em(posteriors, trainingPriors, start, TOLERANCE);
    }

    /**
     * EM from {@code start}, stopping once no prior moves by {@code tolerance} in an iteration.
     *
     * @param tolerance largest change of any prior in the last iteration at which the estimate is taken as converged
     */
    public static double[] em(double[][] posteriors, double[] trainingPriors, double[] start, double tolerance) {
        return em(posteriors, trainingPriors, start, tolerance, 0);
    }

    /**
     * The maximum a-posteriori priors under a Dirichlet prior centred on the training priors: EM with {@code pseudoCount}
     * imaginary rows spread over the classes by their training priors. A model that confuses two classes lets plain EM
     * push one of them to zero on a few hundred rows; a few pseudo-rows keep such a class near its training share until
     * the evidence is clear.
     *
     * @param pseudoCount weight of the training priors, in rows (0: maximum likelihood)
     */
    public static double[] em(double[][] posteriors, double[] trainingPriors, double[] start, double tolerance, double pseudoCount) {
        int k = trainingPriors.length;
        if (posteriors.length == 0) {
            return trainingPriors.clone();
        }
        double[] train = floored(trainingPriors);
        double[] q = start != null && start.length == k ? floored(start) : train.clone();
        double[] ratio = new double[k];
        double[] next = new double[k];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            for (int c = 0; c < k; c++) {
                ratio[c] = q[c] / train[c];
            }
            Arrays.fill(next, 0);
            // the serving path runs this every few dozen requests: one division per row, not one per cell
            for (double[] p : posteriors) {
                double s = 0;
                for (int c = 0; c < k; c++) {
                    s += p[c] * ratio[c];
                }
                if (s <= 0) {
                    continue;
                }
                double inv = 1 / s;
                for (int c = 0; c < k; c++) {
                    next[c] += p[c] * ratio[c] * inv;
                }
            }
            for (int c = 0; c < k; c++) {
                next[c] += pseudoCount * train[c];
            }
            double[] nq = Priors.normalize(next);
            double change = 0;
            for (int c = 0; c < k; c++) {
                change = Math.max(change, Math.abs(nq[c] - q[c]));
            }
            q = nq;
            if (change < tolerance) {
                break;
            }
        }
        return q;
    }

    /**
     * @param confusion      {@code confusion[i][j] = P(predicted i | true j)}, columns summing to one
     * @param predictedShare share of the target sample predicted as each class
     * @return the target priors solving {@code confusion q = predictedShare} in least squares, clipped to the simplex
     */
    public static double[] bbse(double[][] confusion, double[] predictedShare) {
        int k = predictedShare.length;
        // normal equations with a tiny ridge: a column of a class the holdout never showed must not make C singular
        double[][] a = new double[k][k + 1];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    s += confusion[i][r] * confusion[i][c];
                }
                a[r][c] = s + (r == c ? 1e-6 : 0);
            }
            double s = 0;
            for (int i = 0; i < k; i++) {
                s += confusion[i][r] * predictedShare[i];
            }
            a[r][k] = s;
        }
        double[] q = solve(a);
        for (int i = 0; i < k; i++) {
            q[i] = Double.isFinite(q[i]) ? Math.max(0, q[i]) : 0;
        }
        return Priors.normalize(q);
    }

    /**
     * The confusion matrix BBSE needs, from held-out labelled events. A class absent from the holdout gets an identity
     * column (assumed recognised), which leaves its estimate to its predicted share.
     */
    public static double[][] confusion(int[] predicted, int[] labels, int k) {
        double[][] c = new double[k][k];
        int[] n = new int[k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                continue;
            }
            c[predicted[i]][labels[i]]++;
            n[labels[i]]++;
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                c[i][j] = n[j] == 0 ? (i == j ? 1 : 0) : c[i][j] / n[j];
            }
        }
        return c;
    }

    /** Share of rows whose most probable class is each class. */
    public static double[] predictedShare(double[][] probabilities, int k) {
        double[] mu = new double[k];
        if (probabilities.length == 0) {
            return Priors.uniform(k);
        }
        for (int y : Classifier.argmax(probabilities)) {
            mu[y] += 1.0 / probabilities.length;
        }
        return mu;
    }

    /** The priors with every class floored at a small share, renormalised (safe to divide by). */
    public static double[] floored(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.max(PRIOR_FLOOR, p[i]);
        }
        return Priors.normalize(out);
    }

    /** Gaussian elimination with partial pivoting on an augmented k x (k+1) matrix. */
    private static double[] solve(double[][] a) {
        int k = a.length;
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            double d = a[col][col];
            if (Math.abs(d) < 1e-15) {
                continue;
            }
            for (int r = 0; r < k; r++) {
                if (r == col) {
                    continue;
                }
                double f = a[r][col] / d;
                if (f == 0) {
                    continue;
                }
                for (int c = col; c <= k; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = Math.abs(a[i][i]) < 1e-15 ? 0 : a[i][k] / a[i][i];
        }
        return x;
    }
}
