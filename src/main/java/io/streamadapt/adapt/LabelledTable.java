package io.streamadapt.adapt;

import java.util.List;

/**
 * Labelled rows as the adaptation core reads them: the pretrainer, the offline baselines and the simulation take this
 * view, so the core needs nothing of where rows come from (the readers and scenarios of {@code data} provide it).
 *
 * <p>Row {@code i} has the features {@code features()[i]} and the label {@code labels()[i]}, an index into
 * {@link #classes()}. The arrays are shared with the provider and read-only.
 */
public interface LabelledTable {
    /** Short identifier, recorded as the data provenance of a model trained on these rows. */
    String name();

    /** Class names; a label is an index into this list. */
    List<String> classes();

    /** One row per example, all of the same length. */
    float[][] features();

    /** One class index per example. */
    int[] labels();

    /** Number of examples. */
    default int size() {
        return labels().length;
    }

    /** Number of features per example; 0 for an empty table, whose width is unknown. */
    default int featureCount() {
        return features().length == 0 ? 0 : features()[0].length;
    }

    /** Number of classes in the class list, whether or not every class occurs. */
    default int classCount() {
        return classes().size();
    }

    /** Class name of example {@code i}. */
    default String labelOf(int i) {
        return classes().get(labels()[i]);
    }
}
