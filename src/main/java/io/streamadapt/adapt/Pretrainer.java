package io.streamadapt.adapt;

import io.streamadapt.data.Dataset;

/** Trains a source model (version 0) from labelled source data. */
public interface Pretrainer {
    Classifier train(Dataset train, PretrainParams params);
}
