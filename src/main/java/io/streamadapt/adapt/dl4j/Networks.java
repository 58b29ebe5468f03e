package io.streamadapt.adapt.dl4j;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The network shape shared by every model: input, hidden ReLU layers {@code h0..hN}, a softmax target head {@code out},
 * and (after joint training) a source head {@code src} on the same trunk.
 */
final class Networks {
    static final String INPUT = "in";
    static final String TARGET_HEAD = "out";
    static final String SOURCE_HEAD = "src";

    private Networks() {
    }

    static String hidden(int i) {
        return "h" + i;
    }

    static ComputationGraph build(int inputSize, List<Integer> hidden, int classes, double learningRate, double l2, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate))
                .l2(l2)
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs(INPUT);
        String prev = INPUT;
        int nIn = inputSize;
        for (int i = 0; i < hidden.size(); i++) {
            b.addLayer(hidden(i), new DenseLayer.Builder().nIn(nIn).nOut(hidden.get(i)).activation(Activation.RELU).build(), prev);
            prev = hidden(i);
            nIn = hidden.get(i);
        }
        b.addLayer(TARGET_HEAD, outputLayer(nIn, classes), prev).setOutputs(TARGET_HEAD);
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    static OutputLayer outputLayer(int nIn, int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(classes)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }

    /** A dense float matrix from rows, normalised as the model's metadata says. */
    static INDArray matrix(float[][] rows, float[] mean, float[] scale) {
        int n = rows.length;
        int d = mean.length;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            float[] r = rows[i];
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = (r[j] - mean[j]) / scale[j];
            }
        }
        return Nd4j.create(flat, new long[]{n, d}, DataType.FLOAT);
    }

    /** One-hot targets with label smoothing: the true class gets 1 - eps + eps/K, every other eps/K. */
    static INDArray oneHot(int[] labels, int classes, double smoothing) {
        float off = (float) (smoothing / classes);
        float on = (float) (1 - smoothing + smoothing / classes);
        float[] flat = new float[labels.length * classes];
        Arrays.fill(flat, off);
        for (int i = 0; i < labels.length; i++) {
            flat[i * classes + labels[i]] = on;
        }
        return Nd4j.create(flat, new long[]{labels.length, classes}, DataType.FLOAT);
    }

    /** Fisher-Yates shuffle of an index array in place. */
    static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
