package io.streamadapt.adapt;

/**
 * One labelled target event as the trainer keeps it.
 *
 * @param offset position in the training topic, for lineage
 */
public record Example(float[] features, String label, long offset) {
}
