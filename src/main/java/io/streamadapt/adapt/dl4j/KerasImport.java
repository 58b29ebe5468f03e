package io.streamadapt.adapt.dl4j;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Brings a Keras classifier in as a source model: DL4J's Keras import reads the HDF5 file (architecture and weights),
 * and its dense layers are copied into StreamAdapt's own network shape ({@link Networks}), so fine-tuning strategies,
 * version artifacts and serving treat it exactly like a model made by {@code pretrain}.
 *
 * <p>Supported: a Keras {@code Sequential} multi-layer perceptron, {@code Dense} layers with ReLU between them and a
 * {@code Dense} softmax output (input and dropout layers are fine: they carry no weights). Anything else fails with a
 * message that names the layer.
 */
public final class KerasImport {
    private KerasImport() {
    }

    /** Imports {@code model} with the class list and normalisation of {@code sidecar}. */
    public static Classifier load(Path model, KerasSidecar sidecar) throws IOException {
        MultiLayerNetwork keras;
        try {
            keras = KerasModelImport.importKerasSequentialModelAndWeights(model.toString(), false);
        } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException e) {
            throw new IllegalArgumentException(model + " is not a Keras Sequential model StreamAdapt can import: " + e.getMessage(), e);
        }
        // indices of the layers with weights; the rest (input, dropout, DL4J's own loss layer) carry none
        List<Integer> dense = new ArrayList<>();
        for (int i = 0; i < keras.getnLayers(); i++) {
            var layer = keras.getLayer(i);
            Layer conf = layer.conf().getLayer();
            if (layer.numParams() == 0) {
                continue;
            }
            if (!(conf instanceof FeedForwardLayer) || layer.getParam(DefaultParamInitializer.WEIGHT_KEY) == null
                    || layer.paramTable().size() != 2) {
                throw unsupported(model, conf, "only Dense layers (kernel and bias) are supported");
            }
            dense.add(i);
        }
        if (dense.size() < 2) {
            throw new IllegalArgumentException(model + ": needs at least one hidden Dense layer and a Dense softmax output, found "
                    + dense.size() + " Dense layer(s)");
        }
        List<Integer> hidden = new ArrayList<>();
        for (int i = 0; i < dense.size(); i++) {
            Layer conf = confOf(keras, dense.get(i));
            IActivation activation = ((BaseLayer) conf).getActivationFn();
            boolean last = i == dense.size() - 1;
            if (last && !(activation instanceof ActivationSoftmax)) {
                throw unsupported(model, conf, "the output layer must use softmax, not " + activation);
            }
            if (!last) {
                if (!(activation instanceof ActivationReLU)) {
                    throw unsupported(model, conf, "hidden layers must use relu, not " + activation);
                }
                hidden.add((int) ((FeedForwardLayer) conf).getNOut());
            }
        }
        int inputSize = (int) ((FeedForwardLayer) confOf(keras, dense.get(0))).getNIn();
        int outputs = (int) ((FeedForwardLayer) confOf(keras, dense.get(dense.size() - 1))).getNOut();
        if (outputs != sidecar.classes().size()) {
            throw new IllegalArgumentException(model + " has " + outputs + " outputs but its sidecar lists "
                    + sidecar.classes().size() + " classes " + sidecar.classes());
        }

        // the training settings are placeholders: every fine-tune step brings its own
        ComputationGraph graph = Networks.build(inputSize, hidden, outputs, 1e-3, 0, 0);
        for (int i = 0; i < dense.size(); i++) {
            String name = i < hidden.size() ? Networks.hidden(i) : Networks.TARGET_HEAD;
            for (String param : List.of(DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY)) {
                INDArray value = keras.getLayer(dense.get(i)).getParam(param).castTo(DataType.FLOAT);
                INDArray target = graph.getLayer(name).getParam(param);
                target.assign(value.reshape(target.shape()));
            }
        }

        Map<String, String> hyperParameters = new LinkedHashMap<>();
        hyperParameters.put("hiddenLayers", hidden.toString());
        hyperParameters.put("origin", "keras");
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("sourceData", "keras:" + model.getFileName());
        provenance.put("importedAt", Instant.now().toString());
        provenance.putAll(Dl4jModelCodec.libraryVersions());
        ModelMetadata metadata = new ModelMetadata(sidecar.classes(), inputSize, sidecar.mean(inputSize), sidecar.scale(inputSize),
                hidden, hyperParameters, provenance);
        return new Dl4jClassifier(graph, metadata);
    }

    private static Layer confOf(MultiLayerNetwork network, int index) {
        return network.getLayer(index).conf().getLayer();
    }

    private static IllegalArgumentException unsupported(Path model, Layer conf, String why) {
        return new IllegalArgumentException(model + ": layer '" + conf.getLayerName() + "' (" + conf.getClass().getSimpleName()
                + ") cannot be imported: " + why);
    }
}
