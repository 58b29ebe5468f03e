package io.streamadapt.adapt;

import java.util.ArrayList;
import java.util.List;

/**
 * Labelled examples for a fine-tune step: features and class names (names, not indices, because the label set may grow).
 */
public record Examples(float[][] features, List<String> labels) {
    public static final Examples NONE = new Examples(new float[0][], List.of());

    public Examples {
        if (features.length != labels.size()) {
            throw new IllegalArgumentException("features and labels differ in length");
        }
        labels = List.copyOf(labels);
    }

    public static Examples of(List<Example> examples) {
        List<String> y = new ArrayList<>(examples.size());
        for (Example e : examples) {
            y.add(e.label());
        }
        return new Examples(featuresOf(examples), y);
    }

    public static float[][] featuresOf(List<Example> examples) {
        float[][] x = new float[examples.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = examples.get(i).features();
        }
        return x;
    }

    public int size() {
        return features.length;
    }

    public boolean isEmpty() {
        return features.length == 0;
    }
}
