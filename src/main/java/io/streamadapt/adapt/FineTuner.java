package io.streamadapt.adapt;

/**
 * Produces a candidate from the current model and a batch of target examples, leaving {@code current} untouched (it
 * keeps serving if the candidate is rejected). Shaped like an incremental trainer: {@code candidate = fineTune(batch, current)}.
 */
public interface FineTuner {
    /**
     * Trains a copy of {@code current} on {@code train}. When {@code validation} is not empty the step stops once the
     * validation loss has not improved for {@code params.patience()} passes and keeps the weights of its best pass.
     * The candidate records {@code params} (its actual learning rate and strategy) in its metadata.
     */
    Classifier fineTune(Examples train, Examples validation, Classifier current, FineTuneParams params);

    /** A model with {@code like}'s architecture, classes and input normalisation but random weights: the no-transfer baseline. */
    Classifier fresh(Classifier like, long seed);
}
