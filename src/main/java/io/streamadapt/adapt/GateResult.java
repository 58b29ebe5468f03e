package io.streamadapt.adapt;

/**
 * The gate's verdict on a candidate, with the figures it was based on (both models on the same held-out events).
 *
 * @param reason {@code accepted}, {@code worse}, {@code diverged} or {@code collapsed}
 */
public record GateResult(boolean accepted, String reason, double currentAccuracy, double candidateAccuracy,
                         double currentCrossEntropy, double candidateCrossEntropy, int holdoutSize) {
}
