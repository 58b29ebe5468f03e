package io.streamadapt.contract;

/**
 * A labelled target event from {@code adapt.labeled}.
 *
 * @param id       producer's event id (may be null)
 * @param features feature vector, already checked to be finite and of the model's input size
 * @param label    class name
 * @param ts       event time in epoch millis, or null
 */
public record LabeledEvent(String id, float[] features, String label, Long ts) {
}
