package io.streamadapt.contract;

/** A request from {@code adapt.requests}: score these features with the newest accepted model version. */
public record PredictionRequest(String id, float[] features, Long ts) {
}
