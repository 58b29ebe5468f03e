package io.streamadapt.adapt.dl4j;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelMetadata;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.LabelledTable;
import io.streamadapt.adapt.Pretrainer;
import io.streamadapt.adapt.Progress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/** Trains the version-0 source model on labelled source data. */
public final class Dl4jPretrainer implements Pretrainer {
    private final Progress.Factory progress;

    public Dl4jPretrainer(Progress.Factory progress) {
        this.progress = progress;
    }

    /** Trains on {@code train}; the normalisation (per-feature mean, one global scale) is fitted on it and saved with the model. */
    @Override
    public Classifier train(LabelledTable train, PretrainParams p) {
        int d = train.featureCount();
        float[] mean = new float[d];
        for (float[] row : train.features()) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= train.size();
        }
        float[] scales = Normalisation.scales(train.features(), mean);

        NativeThreads.onThisThread();
        ComputationGraph g = Networks.build(d, p.hiddenLayers(), train.classCount(), p.learningRate(), p.l2(), p.seed());
        int n = train.size();
        int steps = (n + p.minibatch() - 1) / p.minibatch();
        Random rnd = new Random(p.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        try (Progress bar = progress.start("pretrain " + train.name(), (long) steps * p.epochs())) {
            for (int epoch = 1; epoch <= p.epochs(); epoch++) {
                Networks.shuffle(order, rnd);
                for (int s = 0; s < steps; s++) {
                    int from = s * p.minibatch();
                    int to = Math.min(n, from + p.minibatch());
                    float[][] x = new float[to - from][];
                    int[] y = new int[to - from];
                    for (int i = from; i < to; i++) {
                        x[i - from] = train.features()[order[i]];
                        y[i - from] = train.labels()[order[i]];
                    }
                    g.fit(new DataSet(Networks.matrix(x, mean, scales), Networks.oneHot(y, train.classCount(), 0)));
                    bar.step(1, "epoch " + epoch + "/" + p.epochs() + " loss " + String.format("%.3f", g.score()));
                }
            }
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put(ModelMetadata.SOURCE_DATA, train.name());
        provenance.put("sourceExamples", Integer.toString(n));
        provenance.put("createdAt", Instant.now().toString());
        provenance.putAll(Dl4jModelCodec.libraryVersions());
        ModelMetadata meta = new ModelMetadata(train.classes(), d, mean, scales, p.hiddenLayers(), p.asMap(), provenance);
        return new Dl4jClassifier(g, meta);
    }

}
