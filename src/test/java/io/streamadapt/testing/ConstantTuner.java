package io.streamadapt.testing;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Examples;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.FineTuner;

/** A fine-tuner whose every candidate is the same given model: for gate and topology tests of a known bad candidate. */
public record ConstantTuner(Classifier candidate) implements FineTuner {
    @Override
    public Classifier fineTune(Examples train, Examples validation, Classifier current, FineTuneParams params) {
        return candidate;
    }

    @Override
    public Classifier fresh(Classifier like, long seed) {
        return like;
    }
}
