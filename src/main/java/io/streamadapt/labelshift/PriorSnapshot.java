package io.streamadapt.labelshift;

import java.util.List;

/**
 * The label-shift figures at one moment, all for the same window of requests and the same serving version.
 *
 * @param classes   class order of every vector
 * @param estimate  estimated class priors of the requests in the window
 * @param lower     2.5th percentile of the estimate over bootstrap resamples of the window
 * @param upper     97.5th percentile
 * @param training  the serving version's training priors
 * @param tv        total-variation distance between estimate and training priors
 * @param tvLower   2.5th percentile of that distance over the bootstrap
 * @param tvUpper   97.5th percentile
 * @param requests  requests in the window
 * @param labelled  requests of the window whose label has arrived: counted as their class, not estimated
 * @param labelsCorrect whether those requests, a random share of the window, also corrected the estimate of the others
 * @param version   serving version the window was scored by
 * @param method    estimator behind {@code estimate}
 * @param temperature the serving version's temperature
 * @param shifted   whether the window shows a significant change of priors ({@link ShiftTest}); the correction is applied
 *                  only then
 */
public record PriorSnapshot(List<String> classes, double[] estimate, double[] lower, double[] upper, double[] training,
                            double tv, double tvLower, double tvUpper, int requests, int labelled, boolean labelsCorrect, long version,
                            Correction method,
                            double temperature, boolean shifted) {
    public static final PriorSnapshot EMPTY = new PriorSnapshot(List.of(), new double[0], new double[0], new double[0],
            new double[0], Double.NaN, Double.NaN, Double.NaN, 0, 0, false, -1, Correction.EM, 1, false);

    /** The value of vector {@code v} for {@code cls}, NaN when the class is unknown to this snapshot. */
    public double of(double[] v, String cls) {
        int i = classes.indexOf(cls);
        return i < 0 || i >= v.length ? Double.NaN : v[i];
    }
}
