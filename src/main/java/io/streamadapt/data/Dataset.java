package io.streamadapt.data;

import io.streamadapt.adapt.LabelledTable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A labelled table of float feature rows.
 *
 * <p>Row {@code i} has the features {@code features[i]} and the label {@code labels[i]}, an index
 * into {@code classes}; {@link #labelOf(int)} gives its class name. It is the {@link LabelledTable} the
 * adaptation core trains and evaluates on. All rows have the same number
 * of features and every feature is finite.
 *
 * <p>The class list is copied, but the arrays are shared, not copied: the image sets hold millions
 * of floats, and {@link #subset}, {@link #select}, {@link #shuffled} and {@link #split} are used
 * freely to carve them up, so derived data sets reuse the row arrays of their parent (and
 * {@link Scenarios} shares them with its per-JVM cache). Treat {@code features()} and
 * {@code labels()} as read-only.
 *
 * <p>Equality compares contents, not array identity, so two data sets built the same way are equal.
 *
 * @param name     short identifier, used in logs and descriptions
 * @param classes  class names; a label is an index into this list
 * @param features one row per example, all of the same length
 * @param labels   one class index per example
 */
public record Dataset(String name, List<String> classes, float[][] features, int[] labels) implements LabelledTable {

    /** Validates the shape and label range, and copies the class list. */
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (name.isBlank()) {
            throw new IllegalArgumentException("data set name must not be blank");
        }
        classes = List.copyOf(classes);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(name + ": class list must not be empty");
        }
        if (new HashSet<>(classes).size() != classes.size()) {
            throw new IllegalArgumentException(name + ": class list has duplicates: " + classes);
        }
        if (features.length != labels.length) {
            throw new IllegalArgumentException(name + ": " + features.length + " feature rows but "
                    + labels.length + " labels");
        }
        int width = features.length == 0 ? 0 : requireRow(name, features, 0).length;
        for (int i = 0; i < features.length; i++) {
            float[] row = requireRow(name, features, i);
            if (row.length != width) {
                throw new IllegalArgumentException(name + ": row " + i + " has " + row.length
                        + " features but row 0 has " + width);
            }
            for (int j = 0; j < width; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new IllegalArgumentException(name + ": row " + i + ", feature " + j
                            + " is not finite: " + row[j]);
                }
            }
            int label = labels[i];
            if (label < 0 || label >= classes.size()) {
                throw new IllegalArgumentException(name + ": row " + i + " has label " + label
                        + " outside 0.." + (classes.size() - 1));
            }
        }
    }

    private static float[] requireRow(String name, float[][] features, int i) {
        if (features[i] == null) {
            throw new IllegalArgumentException(name + ": row " + i + " is null");
        }
        return features[i];
    }

    /** Number of examples per class, indexed like {@link #classes()}. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public Dataset subset(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        return new Dataset(name, classes, Arrays.copyOfRange(features, from, to),
                Arrays.copyOfRange(labels, from, to));
    }

    /** The examples at {@code indices}, in that order; an index may repeat. */
    public Dataset select(int[] indices) {
        float[][] rows = new float[indices.length][];
        int[] picked = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], size());
            rows[k] = features[i];
            picked[k] = labels[i];
        }
        return new Dataset(name, classes, rows, picked);
    }

    /**
     * The same examples in a random order fixed by {@code seed}.
     *
     * <p>Uses {@link Random}, whose sequence is specified by the JDK, so a seed gives the same
     * order on every JVM.
     */
    public Dataset shuffled(long seed) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return select(order);
    }

    /**
     * Splits into a first part of {@code round(size() * firstFraction)} examples and a second part
     * with the rest, both in the original order (shuffle first for a random split).
     *
     * @param firstFraction share of the examples in the first part, in [0, 1]
     * @return a two-element array: the first part, then the second
     */
    public Dataset[] split(double firstFraction) {
        if (!(firstFraction >= 0.0 && firstFraction <= 1.0)) {
            throw new IllegalArgumentException("firstFraction must be in [0, 1] but was " + firstFraction);
        }
        int cut = (int) Math.round(size() * firstFraction);
        return new Dataset[] {subset(0, cut), subset(cut, size())};
    }

    /** A copy of this data set under another name, sharing the same rows. */
    public Dataset withName(String newName) {
        return new Dataset(newName, classes, features, labels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset other
                && name.equals(other.name)
                && classes.equals(other.classes)
                && Arrays.equals(labels, other.labels)
                && Arrays.deepEquals(features, other.features);
    }

    /** Hashes everything but the features, which would be slow and adds little over the labels. */
    @Override
    public int hashCode() {
        return Objects.hash(name, classes, Arrays.hashCode(labels));
    }

    /** A summary; printing millions of floats helps nobody. */
    @Override
    public String toString() {
        return "Dataset[name=" + name + ", size=" + size() + ", featureCount=" + featureCount()
                + ", classes=" + classes + "]";
    }
}
