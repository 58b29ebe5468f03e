package io.streamadapt.model;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.labelshift.Calibration;
import io.streamadapt.labelshift.Priors;

/**
 * A loaded model together with its version number and calibration; swapped as one reference so they never disagree.
 *
 * @param calibration the version's temperature and training priors; null means none (probabilities as the model gives
 *                    them, uniform training priors)
 */
public record ServedModel(long version, Classifier model, Calibration calibration) {
    public ServedModel(long version, Classifier model) {
        this(version, model, null);
    }

    /** The model's probabilities for {@code features}, calibrated. */
    public double[][] calibratedProba(float[][] features) {
        double[][] p = model.predictProba(features);
        return calibration == null ? p : calibration.apply(p);
    }

    /** Training priors in the model's class order. */
    public double[] trainingPriors() {
        return calibration == null ? Priors.uniform(model.classes().size()) : calibration.priors(model.classes());
    }

    public double temperature() {
        return calibration == null ? 1 : calibration.temperature();
    }
}
