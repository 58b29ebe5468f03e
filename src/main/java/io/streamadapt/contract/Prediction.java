package io.streamadapt.contract;

import java.util.Map;

/**
 * A prediction on {@code adapt.predictions}, keyed by request id.
 *
 * @param probabilities class name to probability, in the model's class order
 * @param modelVersion  the version that scored the request
 * @param latencyMs     time from the request's record timestamp to the prediction
 */
public record Prediction(String id, String label, Map<String, Double> probabilities, long modelVersion, long latencyMs) {
}
