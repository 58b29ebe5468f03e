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
 *
 * <p>Scoring goes through the plain-Java copy of {@link #forInference()} when the graph has the {@link Networks} shape:
 * a graph is never trained once it is wrapped here (the fine-tuner trains a clone and wraps the result), so the copy
 * stays exact. DL4J's fixed cost per call made the trainer's prequential scoring (the current, source and scratch
 * models on every 64 labelled events) take 5-10 ms per model and batch on digits, a fifth of the time a backlog took.
 */
public final class Dl4jClassifier implements Classifier {
    private final ComputationGraph graph;
    private final ModelMetadata metadata;
    private final int targetOutput;
    /** The plain-Java copy once made; this model itself when the graph has another shape. */
    private Classifier scorer;

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

    /** The copy that scores, made on first use; null when the graph itself must. */
    private synchronized Classifier scorer() {
        if (scorer == null) {
            scorer = forInference();
        }
        return scorer == this ? null : scorer;
    }

    @Override
    public double[][] predictProba(float[][] features) {
        Classifier dense = scorer();
        return dense != null ? dense.predictProba(features) : graphProba(features);
    }

    private synchronized double[][] graphProba(float[][] features) {
        if (features.length == 0) {
            return new double[0][];
        }
        NativeThreads.onThisThread();
        INDArray in = input(features);
        INDArray[] out = graph.output(false, in);
        double[][] p = out[targetOutput].toDoubleMatrix();
        NativeMemory.release(in);
        NativeMemory.release(out);
        return p;
    }

    @Override
    public float[][] embed(float[][] features) {
        Classifier dense = scorer();
        return dense != null ? dense.embed(features) : graphEmbed(features);
    }

    private synchronized float[][] graphEmbed(float[][] features) {
        if (features.length == 0) {
            return new float[0][];
        }
        NativeThreads.onThisThread();
        INDArray in = input(features);
        Map<String, INDArray> acts = graph.feedForward(in, false);
        float[][] e = acts.get(Networks.hidden(metadata.hiddenLayers().size() - 1)).toFloatMatrix();
        NativeMemory.release(in);
        NativeMemory.release(acts.values().toArray(new INDArray[0]));
        return e;
    }
}
