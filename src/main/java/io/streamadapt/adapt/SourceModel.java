package io.streamadapt.adapt;

/**
 * The pretrained source model of a scenario and the figures it was judged by: accuracy on held-out source data and
 * source-only accuracy on the target data (the gap adaptation has to close). Made by
 * {@code io.streamadapt.model.SourceModels}, which knows scenarios and the model cache.
 */
public record SourceModel(Classifier model, double sourceHoldoutAccuracy, double targetAccuracy, int sourceTrainExamples,
                          int sourceHoldoutExamples, int targetExamples, double trainSeconds, boolean fromCache) {
}
