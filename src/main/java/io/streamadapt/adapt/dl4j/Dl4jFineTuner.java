package io.streamadapt.adapt.dl4j;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Examples;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.adapt.ModelMetadata;
import io.streamadapt.adapt.Strategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Fine-tunes a copy of the current network on a batch of target examples with one of three strategies.
 *
 * <ul>
 *   <li>{@code head}: the hidden layers are frozen (DL4J's feature extractor) and only the output layer learns.</li>
 *   <li>{@code full}: every layer learns, from the current weights.</li>
 *   <li>{@code joint}: a source head {@code src} is kept on the shared trunk; each step trains on the target examples
 *       (target head) and on replayed source examples (source head) at once, with label masks, so the trunk keeps
 *       serving the source task while it learns the target.</li>
 * </ul>
 * A label the model has never seen grows the target head by one output, keeping the learned weights of the other classes.
 */
public final class Dl4jFineTuner implements FineTuner {
    private final FineTuneParams params;
    private final float[][] sourceFeatures;
    private final int[] sourceLabels;
    private final List<String> sourceClasses;
    private final Random random;

    /**
     * @param sourceFeatures replay pool for {@code joint} (may be empty for the other strategies)
     * @param sourceLabels   class indices into {@code sourceClasses}
     */
    public Dl4jFineTuner(FineTuneParams params, float[][] sourceFeatures, int[] sourceLabels, List<String> sourceClasses) {
        if (params.strategy() == Strategy.JOINT && sourceFeatures.length == 0) {
            throw new IllegalArgumentException("the joint strategy needs source examples to replay");
        }
        this.params = params;
        this.sourceFeatures = sourceFeatures;
        this.sourceLabels = sourceLabels;
        this.sourceClasses = List.copyOf(sourceClasses);
        this.random = new Random(params.seed());
    }

    public FineTuneParams params() {
        return params;
    }

    @Override
    public Classifier fineTune(Examples batch, Classifier current) {
        Dl4jClassifier cur = (Dl4jClassifier) current;
        ModelMetadata meta = cur.metadata();
        List<String> classes = new ArrayList<>(meta.classes());
        for (String l : batch.labels()) if (!classes.contains(l)) classes.add(l);

        ComputationGraph g = cur.graph().clone();
        if (classes.size() > meta.classes().size()) g = growTargetHead(g, meta.classes().size(), classes.size());
        if (params.strategy() == Strategy.JOINT && !cur.hasSourceHead()) g = addSourceHead(g);

        FineTuneConfiguration.Builder ftc = new FineTuneConfiguration.Builder()
                .updater(new Adam(params.learningRate()))
                .l1(params.l1())
                .l2(params.l2())
                .seed(params.seed());
        if (params.dropout() > 0) ftc.dropOut(1 - params.dropout()); // DL4J takes the retain probability
        TransferLearning.GraphBuilder tb = new TransferLearning.GraphBuilder(g).fineTuneConfiguration(ftc.build());
        String lastHidden = Networks.hidden(meta.hiddenLayers().size() - 1);
        if (params.strategy() == Strategy.HEAD) tb.setFeatureExtractor(lastHidden);
        ComputationGraph trainable = tb.build();

        int[] y = new int[batch.size()];
        for (int i = 0; i < y.length; i++) y[i] = classes.indexOf(batch.labels().get(i));
        train(trainable, batch.features(), y, classes.size(), meta);

        ComputationGraph result = trainable;
        if (params.strategy() == Strategy.HEAD) {
            // Frozen wrappers would freeze the next step too; copy the trained weights back into a plain graph.
            g.setParams(trainable.params());
            result = g;
        }
        Map<String, String> provenance = new LinkedHashMap<>(meta.provenance());
        provenance.put("fineTunedAt", Instant.now().toString());
        provenance.put("fineTuneExamples", Integer.toString(batch.size()));
        ModelMetadata next = new ModelMetadata(classes, meta.inputSize(), meta.featureMean(), meta.featureScale(),
                meta.hiddenLayers(), params.asMap(), provenance);
        return new Dl4jClassifier(result, next);
    }

    private void train(ComputationGraph net, float[][] x, int[] y, int classCount, ModelMetadata meta) {
        int n = x.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        boolean joint = params.strategy() == Strategy.JOINT;
        int mb = params.minibatch();
        for (int epoch = 0; epoch < params.epochs(); epoch++) {
            Networks.shuffle(order, random);
            for (int from = 0; from < n; from += mb) {
                int to = Math.min(n, from + mb);
                float[][] bx = new float[to - from][];
                int[] by = new int[to - from];
                for (int i = from; i < to; i++) {
                    bx[i - from] = x[order[i]];
                    by[i - from] = y[order[i]];
                }
                if (joint) {
                    net.fit(jointBatch(net, bx, by, classCount, meta, (int) Math.ceil(params.sourceReplay() * (to - from) / (double) n)));
                } else {
                    net.fit(new DataSet(Networks.matrix(bx, meta.featureMean(), meta.featureScale()),
                            Networks.oneHot(by, classCount, params.labelSmoothing())));
                }
            }
        }
    }

    /** Target rows then replayed source rows; each head's loss is masked to its own rows. */
    private MultiDataSet jointBatch(ComputationGraph net, float[][] tx, int[] ty, int classCount, ModelMetadata meta, int sourceCount) {
        int t = tx.length;
        float[][] all = new float[t + sourceCount][];
        int[] tLabels = new int[t + sourceCount];
        int[] sLabels = new int[t + sourceCount];
        System.arraycopy(tx, 0, all, 0, t);
        System.arraycopy(ty, 0, tLabels, 0, t);
        float[] tMask = new float[t + sourceCount];
        float[] sMask = new float[t + sourceCount];
        for (int i = 0; i < t; i++) tMask[i] = 1;
        for (int i = 0; i < sourceCount; i++) {
            int k = random.nextInt(sourceFeatures.length);
            all[t + i] = sourceFeatures[k];
            sLabels[t + i] = sourceLabels[k];
            sMask[t + i] = 1;
        }
        INDArray features = Networks.matrix(all, meta.featureMean(), meta.featureScale());
        List<String> outputs = net.getConfiguration().getNetworkOutputs();
        INDArray[] labels = new INDArray[outputs.size()];
        INDArray[] masks = new INDArray[outputs.size()];
        for (int o = 0; o < outputs.size(); o++) {
            boolean target = outputs.get(o).equals(Networks.TARGET_HEAD);
            labels[o] = target ? Networks.oneHot(tLabels, classCount, params.labelSmoothing())
                    : Networks.oneHot(sLabels, sourceClasses.size(), params.labelSmoothing());
            masks[o] = Nd4j.create(target ? tMask : sMask, new long[]{all.length, 1}, DataType.FLOAT);
        }
        return new MultiDataSet(new INDArray[]{features}, labels, null, masks);
    }

    /** Adds one output unit, keeping the weights of the existing classes. */
    private static ComputationGraph growTargetHead(ComputationGraph g, int oldClasses, int newClasses) {
        INDArray w = g.getLayer(Networks.TARGET_HEAD).getParam("W").dup();
        INDArray b = g.getLayer(Networks.TARGET_HEAD).getParam("b").dup();
        ComputationGraph grown = new TransferLearning.GraphBuilder(g)
                .nOutReplace(Networks.TARGET_HEAD, newClasses, WeightInit.XAVIER).build();
        grown.getLayer(Networks.TARGET_HEAD).getParam("W").get(NDArrayIndex.all(), NDArrayIndex.interval(0, oldClasses)).assign(w);
        grown.getLayer(Networks.TARGET_HEAD).getParam("b").get(NDArrayIndex.all(), NDArrayIndex.interval(0, oldClasses)).assign(b);
        return grown;
    }

    /** Adds the source head as a copy of the current target head (which, before any growth, is the source head). */
    private ComputationGraph addSourceHead(ComputationGraph g) {
        INDArray w = g.getLayer(Networks.TARGET_HEAD).getParam("W");
        INDArray b = g.getLayer(Networks.TARGET_HEAD).getParam("b");
        int nIn = (int) w.size(0);
        int n = sourceClasses.size();
        String trunk = g.getConfiguration().getVertexInputs().get(Networks.TARGET_HEAD).get(0);
        ComputationGraph withSource = new TransferLearning.GraphBuilder(g)
                .addLayer(Networks.SOURCE_HEAD, Networks.outputLayer(nIn, n), trunk)
                .setOutputs(Networks.TARGET_HEAD, Networks.SOURCE_HEAD)
                .build();
        int copy = (int) Math.min(n, w.size(1));
        withSource.getLayer(Networks.SOURCE_HEAD).getParam("W").get(NDArrayIndex.all(), NDArrayIndex.interval(0, copy))
                .assign(w.get(NDArrayIndex.all(), NDArrayIndex.interval(0, copy)));
        withSource.getLayer(Networks.SOURCE_HEAD).getParam("b").get(NDArrayIndex.all(), NDArrayIndex.interval(0, copy))
                .assign(b.get(NDArrayIndex.all(), NDArrayIndex.interval(0, copy)));
        return withSource;
    }

}
