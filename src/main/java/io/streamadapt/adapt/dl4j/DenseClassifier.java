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
 * bookkeeping), while the arithmetic of one digits row is about 17,000 multiply-adds. Served one row at a time, the
 * fixed cost is most of the serving path's CPU; batching requests to amortise it needs a changelogged buffer, which
 * costs more than it saves. The weights are copied once, so this copy never changes and needs no lock; a call
 * allocates only its own activations, so stream threads share one copy without scratch buffers to guard.
 *
 * <p>A layer multiplies by blocks of {@code BLOCK} inputs: the inner loop walks the outputs {@code h} and one weight row
 * per input of the block at unit stride, which the JIT turns into vector instructions, and reads and writes {@code h}
 * once per block instead of once per input. Each input's weights stay their own array: on JDK 17 the same loop over one
 * flat array at offset {@code i * outputs} is not vectorised and ran 3-4x slower.
 */
final class DenseClassifier implements Classifier {
    /** Inputs folded into one pass over a layer's outputs. */
    private static final int BLOCK = 4;

    private final ModelMetadata metadata;
    /** Subtracted from a row before the first layer. */
    private final float[] mean;
    /** weights[l][i][j]: input i to unit j of layer l; the first layer's rows are divided by the feature scale. */
    private final float[][][] weights;
    private final float[][] biases;

    private DenseClassifier(ModelMetadata metadata, float[][][] w, float[][] biases) {
        this.metadata = metadata;
        this.mean = metadata.featureMean().clone();
        this.biases = biases;
        this.weights = w;
        float[] scale = metadata.featureScale();
        // The scale folds into the first layer, the mean does not: a feature constant in the source data has scale
        // 1e-6 (see Normalisation), and a folded mean would leave x * w / 1e-6 - mean * w / 1e-6, two huge numbers whose
        // float rounding is no longer zero when x equals the mean.
        for (int i = 0; i < w[0].length; i++) {
            for (int j = 0; j < w[0][i].length; j++) {
                w[0][i][j] = (float) ((double) w[0][i][j] / scale[i]);
            }
        }
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
            out[r] = softmax(forward(features[r], weights.length));
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
        float[] a = new float[row.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = row[i] - mean[i];
        }
        if (layers == 0) {
            // a network without hidden layers embeds a row as its normalised features
            float[] scale = metadata.featureScale();
            for (int i = 0; i < a.length; i++) {
                a[i] /= scale[i];
            }
            return a;
        }
        for (int l = 0; l < layers; l++) {
            a = layer(a, weights[l], biases[l], l < weights.length - 1);
        }
        return a;
    }

    private static float[] layer(float[] a, float[][] w, float[] bias, boolean relu) {
        int in = a.length;
        int out = bias.length;
        float[] h = bias.clone();
        int i = 0;
        for (; i + BLOCK <= in; i += BLOCK) {
            float x0 = a[i];
            float x1 = a[i + 1];
            float x2 = a[i + 2];
            float x3 = a[i + 3];
            // after a ReLU about half the inputs are zero: a block of them adds nothing
            if (x0 == 0 && x1 == 0 && x2 == 0 && x3 == 0) {
                continue;
            }
            float[] w0 = w[i];
            float[] w1 = w[i + 1];
            float[] w2 = w[i + 2];
            float[] w3 = w[i + 3];
            for (int j = 0; j < out; j++) {
                h[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
            }
        }
        for (; i < in; i++) {
            float x = a[i];
            float[] wi = w[i];
            for (int j = 0; j < out; j++) {
                h[j] += x * wi[j];
            }
        }
        if (relu) {
            for (int j = 0; j < out; j++) {
                h[j] = Math.max(0, h[j]);
            }
        }
        return h;
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
