package io.streamadapt.adapt;

import java.util.List;

/**
 * Labelled examples for a fine-tune step: features and class names (names, not indices, because the label set may grow).
 */
public record Examples(float[][] features, List<String> labels) {
    public Examples {
        if (features.length != labels.size()) throw new IllegalArgumentException("features and labels differ in length");
        labels = List.copyOf(labels);
    }

    public int size() {
        return features.length;
    }
}
