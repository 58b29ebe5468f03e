package io.streamadapt.labelshift;

import java.util.List;
import java.util.Map;

/**
 * What a model version records for label shift, in its lineage on the models topic: how to calibrate its probabilities
 * and which class priors they refer to.
 *
 * @param temperature     divides log-probabilities before the softmax (1: unchanged)
 * @param trainingPriors  the class mix the version's calibrated probabilities assume: their mean over the labelled
 *                        events it was trained on (micro-batch plus rehearsal sample). A network trained to convergence
 *                        predicts its training label shares on average; one fine-tuned for a few epochs from the source
 *                        model keeps part of the source's mix, and this measures what it actually learned. The
 *                        reference of the prior-ratio correction and of EM.
 * @param trainingLabelShares label shares of those events, Laplace-smoothed (what it was literally trained under)
 * @param trainingEvents  how many events those priors were measured on (0: assumed, e.g. the source data's label
 *                        shares for version 0)
 * @param holdoutEvents   held-out events the temperature and the confusion matrix were fitted on
 * @param confusion       {@code confusion[i][j] = P(predicted i | true j)} on the holdout, in the version's class order;
 *                        null when there was no holdout (BBSE then cannot run)
 * @param eceBefore       expected calibration error on the holdout before temperature scaling (null: no holdout)
 * @param eceAfter        the same after temperature scaling (in-sample for the one fitted parameter)
 */
public record Calibration(double temperature, Map<String, Double> trainingPriors, Map<String, Double> trainingLabelShares,
                          long trainingEvents, int holdoutEvents, double[][] confusion, Double eceBefore, Double eceAfter) {

    /** No temperature, no confusion matrix, the given priors (uniform when null). */
    public static Calibration identity(List<String> classes, Map<String, Double> priors) {
        Map<String, Double> p = priors == null ? Priors.toMap(classes, Priors.uniform(classes.size())) : priors;
        return new Calibration(1, p, p, 0, 0, null, null, null);
    }

    /** Calibrated probabilities, row by row. */
    public double[][] apply(double[][] probabilities) {
        return TemperatureScaling.apply(probabilities, temperature);
    }

    /** The training priors in {@code classes} order. */
    public double[] priors(List<String> classes) {
        return Priors.fromMap(trainingPriors, classes);
    }

    public boolean hasConfusion() {
        return confusion != null;
    }
}
