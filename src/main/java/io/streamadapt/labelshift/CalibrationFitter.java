package io.streamadapt.labelshift;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Example;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a new version's {@link Calibration} when the trainer publishes it: training priors from the labels it learned
 * from, and temperature, confusion matrix and calibration error from the gate's held-out events, which it never trained
 * on.
 */
public final class CalibrationFitter {
    private CalibrationFitter() {
    }

    /** The events a candidate is trained on; taken before the flush empties the buffer. */
    @SafeVarargs
    public static List<Example> trainingSet(List<Example>... parts) {
        List<Example> all = new ArrayList<>();
        for (List<Example> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    /** Calibrates {@code model} on {@code holdout} and measures its training priors on {@code trainedOn}. */
    public static Calibration fit(Classifier model, List<Example> holdout, List<Example> trainedOn) {
        List<String> classes = model.classes();
        int k = classes.size();
        Labelled train = Labelled.of(trainedOn, classes);
        Labelled held = Labelled.of(holdout, classes);
        double t = 1;
        double[][] confusion = null;
        Double eceBefore = null;
        Double eceAfter = null;
        if (held.size() > 0) {
            double[][] raw = model.predictProba(held.x());
            t = TemperatureScaling.fit(raw, held.y());
            confusion = PriorEstimators.confusion(Classifier.argmax(raw), held.y(), k);
            eceBefore = CalibrationError.ece(raw, held.y());
            eceAfter = CalibrationError.ece(TemperatureScaling.apply(raw, t), held.y());
        }
        double[] shares = Priors.shares(train.y(), k, 1);
        double[] believed = shares;
        if (train.size() > 0) {
            double[] mean = new double[k];
            for (double[] row : TemperatureScaling.apply(model.predictProba(train.x()), t)) {
                for (int c = 0; c < k; c++) {
                    mean[c] += row[c];
                }
            }
            believed = Priors.normalize(mean);
        }
        return new Calibration(t, Priors.toMap(classes, believed), Priors.toMap(classes, shares), train.size(), held.size(),
                confusion, eceBefore, eceAfter);
    }

    /** Features and label indices of a list of events. */
    private record Labelled(float[][] x, int[] y) {
        static Labelled of(List<Example> events, List<String> classes) {
            float[][] x = new float[events.size()][];
            int[] y = new int[events.size()];
            for (int i = 0; i < y.length; i++) {
                x[i] = events.get(i).features();
                y[i] = classes.indexOf(events.get(i).label());
            }
            return new Labelled(x, y);
        }

        int size() {
            return y.length;
        }
    }
}
