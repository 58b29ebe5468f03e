package io.streamadapt.testing;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier for tests of the trainer and the gate without DL4J: an example's first feature is its id, and the
 * classifier answers the class it was told for that id, or {@code fallback} for ids it does not know.
 */
public final class TableClassifier implements Classifier {
    private final List<String> classes;
    private final Map<Integer, Integer> answers;
    private final int fallback;
    private final Map<String, String> hyperParameters;

    public TableClassifier(List<String> classes, Map<Integer, Integer> answers, int fallback, Map<String, String> hyperParameters) {
        this.classes = List.copyOf(classes);
        this.answers = Map.copyOf(answers);
        this.fallback = fallback;
        this.hyperParameters = Map.copyOf(hyperParameters);
    }

    /** Answers {@code answer} for every id. */
    public static TableClassifier constant(List<String> classes, int answer) {
        return new TableClassifier(classes, Map.of(), answer, Map.of());
    }

    /** Answers right for ids {@code [0, rightUpTo)} given their labels, and {@code fallback} for the rest. */
    public static TableClassifier rightOn(List<String> classes, String[] labelsById, int rightUpTo, int fallback) {
        Map<Integer, Integer> m = new HashMap<>();
        for (int i = 0; i < rightUpTo; i++) m.put(i, classes.indexOf(labelsById[i]));
        return new TableClassifier(classes, m, fallback, Map.of());
    }

    public TableClassifier learning(Map<Integer, Integer> more, Map<String, String> hyper) {
        Map<Integer, Integer> m = new HashMap<>(answers);
        m.putAll(more);
        return new TableClassifier(classes, m, fallback, hyper);
    }

    @Override
    public int inputSize() {
        return 1;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public double[][] predictProba(float[][] features) {
        double[][] out = new double[features.length][classes.size()];
        for (int i = 0; i < features.length; i++) {
            FixedClassifier.answer(out[i], answers.getOrDefault((int) features[i][0], fallback), 0.9);
        }
        return out;
    }

    @Override
    public float[][] embed(float[][] features) {
        return new float[features.length][1];
    }

    @Override
    public ModelMetadata metadata() {
        return new ModelMetadata(classes, 1, new float[1], new float[]{1}, List.of(1), hyperParameters, Map.of());
    }
}
