package io.streamadapt.serving;

import io.streamadapt.adapt.Classifier;

/** A loaded model together with its version number; swapped as one reference so the two never disagree. */
public record ServedModel(long version, Classifier model) {
}
