package io.streamadapt.adapt.dl4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a Keras model file does not say and StreamAdapt needs: the class name of each output unit and the input
 * normalisation the model was trained with. It is a small JSON file next to the model ({@code model.h5} comes with
 * {@code model.json}):
 *
 * <pre>{"classes": ["0", "1", ...], "featureMean": 0.0, "featureScale": 16.0}</pre>
 *
 * <p>The network sees {@code (x - featureMean) / featureScale}; each of the two is one number for every feature or an
 * array with one number per feature. Both are optional (0 and 1).
 *
 * @param classes      output units' class names, in order
 * @param featureMean  one value, or one per feature
 * @param featureScale one value, or one per feature; every value positive
 */
public record KerasSidecar(List<String> classes, float[] featureMean, float[] featureScale) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public KerasSidecar {
        classes = List.copyOf(classes);
        featureMean = featureMean.clone();
        featureScale = featureScale.clone();
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("the class list is empty");
        }
        if (classes.stream().distinct().count() != classes.size()) {
            throw new IllegalArgumentException("the class list has duplicates: " + classes);
        }
        for (float s : featureScale) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("featureScale values must be positive and finite, got " + s);
            }
        }
        for (float m : featureMean) {
            if (!Float.isFinite(m)) {
                throw new IllegalArgumentException("featureMean values must be finite, got " + m);
            }
        }
    }

    /** The sidecar of a model file: the same path with {@code .json} instead of the model's extension. */
    public static Path pathFor(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /** Whether a file name is a Keras HDF5 model's ({@code .h5} or {@code .hdf5}). */
    public static boolean isKerasFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".h5") || name.endsWith(".hdf5");
    }

    /** Reads a sidecar; a missing file or field fails with a message that shows the expected shape. */
    public static KerasSidecar read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("a Keras model needs its class list and normalisation in " + file
                    + ", for example {\"classes\": [\"0\", \"1\"], \"featureMean\": 0.0, \"featureScale\": 1.0}");
        }
        JsonNode root = JSON.readTree(file.toFile());
        List<String> classes = new ArrayList<>();
        for (JsonNode c : root.path("classes")) {
            classes.add(c.asText());
        }
        try {
            return new KerasSidecar(classes, numbers(root.path("featureMean"), 0f), numbers(root.path("featureScale"), 1f));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static float[] numbers(JsonNode node, float missing) {
        if (node.isMissingNode() || node.isNull()) {
            return new float[]{missing};
        }
        if (node.isNumber()) {
            return new float[]{node.floatValue()};
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("expected a number or an array of numbers, got " + node);
        }
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).isNumber()) {
                throw new IllegalArgumentException("expected numbers, got " + node.get(i));
            }
            out[i] = node.get(i).floatValue();
        }
        return out;
    }

    /** The mean for each of {@code inputSize} features. */
    public float[] mean(int inputSize) {
        return expand(featureMean, inputSize, "featureMean");
    }

    /** The scale for each of {@code inputSize} features. */
    public float[] scale(int inputSize) {
        return expand(featureScale, inputSize, "featureScale");
    }

    private static float[] expand(float[] values, int inputSize, String name) {
        if (values.length == 1) {
            float[] out = new float[inputSize];
            Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != inputSize) {
            throw new IllegalArgumentException(name + " has " + values.length + " values but the model takes " + inputSize + " features");
        }
        return values.clone();
    }
}
