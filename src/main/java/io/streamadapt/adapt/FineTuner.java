package io.streamadapt.adapt;

/**
 * Produces a candidate from the current model and a batch of target examples, leaving {@code current} untouched (it
 * keeps serving if the candidate is rejected). Shaped like an incremental trainer: {@code candidate = fineTune(batch, current)}.
 */
public interface FineTuner {
    Classifier fineTune(Examples batch, Classifier current);
}
