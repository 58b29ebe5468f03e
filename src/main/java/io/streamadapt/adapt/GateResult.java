package io.streamadapt.adapt;

/**
 * The gate's verdict on a candidate, with the figures it was based on (both models on the same held-out events).
 *
 * @param candidateOnlyRight held-out events the candidate got right and the current model wrong
 * @param currentOnlyRight   held-out events the current model got right and the candidate wrong
 * @param pWorse             one-sided exact McNemar p-value of "the candidate is worse" (1 when it is not)
 */
public record GateResult(GateVerdict verdict, double currentAccuracy, double candidateAccuracy, double currentCrossEntropy,
                         double candidateCrossEntropy, int holdoutSize, int candidateOnlyRight, int currentOnlyRight,
                         double pWorse) {

    public boolean accepted() {
        return verdict.accepted();
    }

    /** The verdict's name, as recorded in lineage and metric tags. */
    public String reason() {
        return verdict.id();
    }
}
