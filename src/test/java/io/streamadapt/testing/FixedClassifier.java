package io.streamadapt.testing;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A classifier with a known answer, for tests of the gate and of serving: it always puts {@code confidence} on one
 * class, or answers NaN to imitate a diverged network.
 */
public final class FixedClassifier implements Classifier {
    private final List<String> classes;
    private final int answer;
    private final double confidence;

    public FixedClassifier(List<String> classes, int answer, double confidence) {
        this.classes = List.copyOf(classes);
        this.answer = answer;
        this.confidence = confidence;
    }

    public static FixedClassifier diverged(List<String> classes) {
        return new FixedClassifier(classes, 0, Double.NaN);
    }

    @Override
    public int inputSize() {
        return 64;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public double[][] predictProba(float[][] features) {
        double[][] out = new double[features.length][classes.size()];
        for (double[] row : out) answer(row, answer, confidence);
        return out;
    }

    /** Puts {@code confidence} on one class and spreads the rest evenly; NaN everywhere imitates a diverged network. */
    static void answer(double[] row, int answer, double confidence) {
        if (Double.isNaN(confidence)) {
            Arrays.fill(row, Double.NaN);
        } else {
            Arrays.fill(row, (1 - confidence) / (row.length - 1));
            row[answer] = confidence;
        }
    }

    @Override
    public float[][] embed(float[][] features) {
        return new float[features.length][2];
    }

    @Override
    public ModelMetadata metadata() {
        return new ModelMetadata(classes, 64, new float[64], new float[64], List.of(2), Map.of(), Map.of());
    }
}
