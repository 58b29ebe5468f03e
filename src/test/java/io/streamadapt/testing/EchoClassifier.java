package io.streamadapt.testing;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelMetadata;
import java.util.List;
import java.util.Map;

/**
 * A classifier whose features are its class probabilities, raised to {@code power} and renormalised: tests choose the
 * posteriors directly, and a second instance with another power stands for a new version that scores the same
 * requests differently.
 */
public final class EchoClassifier implements Classifier {
    private final List<String> classes;
    private final double power;

    public EchoClassifier(List<String> classes, double power) {
        this.classes = List.copyOf(classes);
        this.power = power;
    }

    @Override
    public int inputSize() {
        return classes.size();
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public double[][] predictProba(float[][] features) {
        double[][] out = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            double[] row = new double[classes.size()];
            double s = 0;
            for (int c = 0; c < row.length; c++) {
                row[c] = Math.pow(features[i][c], power);
                s += row[c];
            }
            for (int c = 0; c < row.length; c++) {
                row[c] /= s;
            }
            out[i] = row;
        }
        return out;
    }

    @Override
    public float[][] embed(float[][] features) {
        return features;
    }

    @Override
    public ModelMetadata metadata() {
        return new ModelMetadata(classes, classes.size(), new float[classes.size()], new float[classes.size()], List.of(2), Map.of(),
                Map.of());
    }
}
