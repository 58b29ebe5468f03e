package io.streamadapt.adapt;

/** Trains a source model (version 0) from labelled source data. */
public interface Pretrainer {
    Classifier train(LabelledTable train, PretrainParams params);
}
