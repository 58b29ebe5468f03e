package io.streamadapt.adapt.dl4j;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * An inference-only copy of a network of the {@link Networks} shape (dense ReLU layers, softmax target head), scoring
 * with plain Java arrays.
 *
 * <p>Why: a DL4J forward pass costs about 300 µs per call whatever its size (op dispatch, native buffers, workspace
 * bookkeeping), while the arithmetic of one digits row is about 7,000 multiply-adds. Served one row at a time, the
 * fixed cost is most of the serving path's CPU; batching requests to amortise it needs a changelogged buffer, which
 * costs more than it saves. The weights are copied once, so this copy never changes and needs no lock.
 */
final class DenseClassifier implements Classifier {
    private final ModelMetadata metadata;
    /** weights[l][i][j]: input i to unit j of layer l; the last layer is the target head. */
    private final float[][][] weights;
    private final float[][] biases;

    private DenseClassifier(ModelMetadata metadata, float[][][] weights, float[][] biases) {
        this.metadata = metadata;
        this.weights = weights;
        this.biases = biases;
    }

    /** The copy, when the graph is the plain dense chain {@code in -> h0 .. hN -> out}; empty for anything else. */
    static Optional<Classifier> of(ComputationGraph graph, ModelMetadata metadata) {
        int hidden = metadata.hiddenLayers().size();
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < hidden; i++) {
            chain.add(Networks.hidden(i));
        }
        chain.add(Networks.TARGET_HEAD);
        float[][][] w = new float[chain.size()][][];
        float[][] b = new float[chain.size()][];
        String previous = Networks.INPUT;
        for (int l = 0; l < chain.size(); l++) {
            String name = chain.get(l);
            boolean head = l == chain.size() - 1;
            if (!isPlain(graph, name, previous, head)) {
                return Optional.empty();
            }
            Layer layer = graph.getLayer(name);
            w[l] = layer.getParam("W").toFloatMatrix();
            b[l] = layer.getParam("b").toFloatVector();
            previous = name;
        }
        if (w[0].length != metadata.inputSize() || w[w.length - 1][0].length != metadata.classes().size()) {
            return Optional.empty();
        }
        return Optional.of(new DenseClassifier(metadata, w, b));
    }

    private static boolean isPlain(ComputationGraph graph, String name, String input, boolean head) {
        GraphVertex v = graph.getConfiguration().getVertices().get(name);
        if (!(v instanceof LayerVertex lv) || lv.getPreProcessor() != null) {
            return false;
        }
        if (!List.of(input).equals(graph.getConfiguration().getVertexInputs().get(name))) {
            return false;
        }
        Object conf = lv.getLayerConf().getLayer();
        if (head) {
            return conf.getClass() == OutputLayer.class && ((OutputLayer) conf).getActivationFn() instanceof ActivationSoftmax
                    && ((OutputLayer) conf).hasBias();
        }
        return conf.getClass() == DenseLayer.class && ((DenseLayer) conf).getActivationFn() instanceof ActivationReLU
                && ((DenseLayer) conf).hasBias();
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public double[][] predictProba(float[][] features) {
        double[][] out = new double[features.length][];
        for (int r = 0; r < features.length; r++) {
            float[] z = forward(features[r], weights.length);
            out[r] = softmax(z);
        }
        return out;
    }

    @Override
    public float[][] embed(float[][] features) {
        float[][] out = new float[features.length][];
        for (int r = 0; r < features.length; r++) {
            out[r] = forward(features[r], weights.length - 1);
        }
        return out;
    }

    /** Activations after {@code layers} layers (ReLU for hidden layers, the head's logits for the last). */
    private float[] forward(float[] row, int layers) {
        float[] mean = metadata.featureMean();
        float[] scale = metadata.featureScale();
        float[] a = new float[row.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (row[i] - mean[i]) / scale[i];
        }
        for (int l = 0; l < layers; l++) {
            float[][] w = weights[l];
            float[] h = biases[l].clone();
            for (int i = 0; i < w.length; i++) {
                float x = a[i];
                if (x == 0) {
                    continue;
                }
                float[] wi = w[i];
                // unit-stride and independent per j: the JIT vectorises this loop
                for (int j = 0; j < h.length; j++) {
                    h[j] += x * wi[j];
                }
            }
            if (l < weights.length - 1) {
                for (int j = 0; j < h.length; j++) {
                    if (h[j] < 0) {
                        h[j] = 0;
                    }
                }
            }
            a = h;
        }
        return a;
    }

    private static double[] softmax(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int j = 0; j < z.length; j++) {
            p[j] = Math.exp(z[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < z.length; j++) {
            p[j] /= sum;
        }
        return p;
    }
}
