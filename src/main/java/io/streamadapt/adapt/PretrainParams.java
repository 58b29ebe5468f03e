package io.streamadapt.adapt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hyper-parameters of source-model pretraining. */
public record PretrainParams(List<Integer> hiddenLayers, int epochs, int minibatch, double learningRate, double l2,
                             double holdoutFraction, long seed) {
    public PretrainParams {
        hiddenLayers = List.copyOf(hiddenLayers);
    }

    /** Defaults sized to the input: wider hidden layers for image-sized inputs. */
    public static PretrainParams defaultsFor(int inputSize, long seed) {
        List<Integer> hidden = inputSize > 256 ? List.of(256, 128) : List.of(128, 64);
        return new PretrainParams(hidden, inputSize > 256 ? 12 : 15, 64, 1e-3, 1e-4, 0.1, seed);
    }

    public PretrainParams withEpochs(int e) {
        return new PretrainParams(hiddenLayers, e, minibatch, learningRate, l2, holdoutFraction, seed);
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hiddenLayers", hiddenLayers.toString());
        m.put("epochs", Integer.toString(epochs));
        m.put("minibatch", Integer.toString(minibatch));
        m.put("learningRate", Double.toString(learningRate));
        m.put("l2", Double.toString(l2));
        m.put("holdoutFraction", Double.toString(holdoutFraction));
        m.put("seed", Long.toString(seed));
        return m;
    }
}
