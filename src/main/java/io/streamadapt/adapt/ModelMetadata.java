package io.streamadapt.adapt;

import java.util.List;
import java.util.Map;

/**
 * What travels with every saved model besides its weights.
 *
 * @param classes         ordered class names of the (target) head
 * @param inputSize       feature count
 * @param featureMean     per-feature mean subtracted before the network (from the source data)
 * @param featureScale    per-feature divisor applied after the mean
 * @param hiddenLayers    sizes of the hidden layers
 * @param hyperParameters how the model was trained (pretraining or the last fine-tune step)
 * @param provenance      data set names, sizes, seed, library versions, creation time
 */
public record ModelMetadata(List<String> classes, int inputSize, float[] featureMean, float[] featureScale,
                            List<Integer> hiddenLayers, Map<String, String> hyperParameters,
                            Map<String, String> provenance) {
    /** Provenance key of the name of the data set a model was pretrained on. */
    public static final String SOURCE_DATA = "sourceData";

    public ModelMetadata {
        classes = List.copyOf(classes);
        hiddenLayers = List.copyOf(hiddenLayers);
        hyperParameters = Map.copyOf(hyperParameters);
        provenance = Map.copyOf(provenance);
    }
}
