package io.streamadapt.contract;

import java.util.Map;

/**
 * A prediction on {@code adapt.predictions}, keyed by request id.
 *
 * @param probabilities class name to probability, in the model's class order
 * @param modelVersion  the version that scored the request
 * @param latencyMs     time from the request's record timestamp to the prediction
 * @param correction    label-shift correction applied to {@code probabilities} before the argmax: {@code em},
 *                      {@code bbse} or {@code off} (only temperature-calibrated)
 * @param uncorrectedLabel the most probable class before the label-shift correction (equals {@code label} when
 *                      {@code correction} is {@code off})
 */
public record Prediction(String id, String label, Map<String, Double> probabilities, long modelVersion, long latencyMs,
                         String correction, String uncorrectedLabel) {
}
