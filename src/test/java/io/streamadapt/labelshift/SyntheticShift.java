package io.streamadapt.labelshift;

import java.util.Random;

/**
 * A classifier whose posteriors are exactly calibrated: classes are unit-variance Gaussians on a line, means
 * {@code separation} apart, and the posterior is Bayes' rule under the training priors. Lets the estimators be checked
 * against known target priors.
 */
final class SyntheticShift {
    final double[] trainingPriors;
    final double separation;

    SyntheticShift(double[] trainingPriors, double separation) {
        this.trainingPriors = trainingPriors;
        this.separation = separation;
    }

    /** Samples drawn from {@code priors}: their labels and the posteriors under the training priors. */
    Sample sample(double[] priors, int n, Random random) {
        int k = priors.length;
        double[][] p = new double[n][k];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int c = 0;
            double s = priors[0];
            while (u >= s && c < k - 1) {
                c++;
                s += priors[c];
            }
            y[i] = c;
            double x = c * separation + random.nextGaussian();
            double z = 0;
            for (int j = 0; j < k; j++) {
                double d = x - j * separation;
                p[i][j] = trainingPriors[j] * Math.exp(-d * d / 2);
                z += p[i][j];
            }
            for (int j = 0; j < k; j++) {
                p[i][j] /= z;
            }
        }
        return new Sample(p, y);
    }

    record Sample(double[][] posteriors, int[] labels) {
    }
}
