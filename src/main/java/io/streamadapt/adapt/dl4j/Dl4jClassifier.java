package io.streamadapt.adapt.dl4j;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelMetadata;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Classifier} backed by a DL4J {@link ComputationGraph}. Inference is serialised per instance because a graph's
 * forward pass reuses internal buffers; different versions score in parallel.
 */
public final class Dl4jClassifier implements Classifier {
    private final ComputationGraph graph;
    private final ModelMetadata metadata;
    private final int targetOutput;

    Dl4jClassifier(ComputationGraph graph, ModelMetadata metadata) {
        this.graph = graph;
        this.metadata = metadata;
        this.targetOutput = graph.getConfiguration().getNetworkOutputs().indexOf(Networks.TARGET_HEAD);
    }

    ComputationGraph graph() {
        return graph;
    }

    boolean hasSourceHead() {
        return graph.getConfiguration().getNetworkOutputs().contains(Networks.SOURCE_HEAD);
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    /** A plain-Java copy for the {@link Networks} shape (see {@link DenseClassifier}); this model for any other graph. */
    @Override
    public Classifier forInference() {
        return DenseClassifier.of(graph, metadata).orElse(this);
    }

    INDArray input(float[][] features) {
        return Networks.matrix(features, metadata.featureMean(), metadata.featureScale());
    }

    @Override
    public synchronized double[][] predictProba(float[][] features) {
        if (features.length == 0) {
            return new double[0][];
        }
        INDArray in = input(features);
        INDArray[] out = graph.output(false, in);
        double[][] p = out[targetOutput].toDoubleMatrix();
        NativeMemory.release(in);
        NativeMemory.release(out);
        return p;
    }

    @Override
    public synchronized float[][] embed(float[][] features) {
        if (features.length == 0) {
            return new float[0][];
        }
        INDArray in = input(features);
        Map<String, INDArray> acts = graph.feedForward(in, false);
        float[][] e = acts.get(Networks.hidden(metadata.hiddenLayers().size() - 1)).toFloatMatrix();
        NativeMemory.release(in);
        NativeMemory.release(acts.values().toArray(new INDArray[0]));
        return e;
    }
}
