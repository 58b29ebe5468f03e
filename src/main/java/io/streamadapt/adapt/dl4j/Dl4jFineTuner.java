package io.streamadapt.adapt.dl4j;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Examples;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.adapt.ModelMetadata;
import io.streamadapt.adapt.SourceTransfer;
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
 *       serving the source task while it learns the target. The line starts its source head at its first step from the
 *       source model, and only where the source model beats chance on that step's labels; otherwise, and without
 *       source examples, every step of the line is {@code full}.</li>
 * </ul>
 * A label the model has never seen grows the target head by one output, keeping the learned weights of the other classes.
 *
 * <p>Its length is the four strategies, early stopping and the growing head, which share the network surgery of DL4J
 * and belong in the one package that may touch it.
 */
public final class Dl4jFineTuner implements FineTuner {
    private static final String FINE_TUNED_AT = "fineTunedAt";
    private static final String ORIGIN = "origin";
    private static final String SCRATCH = "scratch";
    private final FineTuneParams params;
    private final float[][] sourceFeatures;
    private final int[] sourceLabels;
    private final List<String> sourceClasses;

    /**
     * @param sourceFeatures replay pool for {@code joint} (may be empty: {@code joint} then trains as {@code full})
     * @param sourceLabels   class indices into {@code sourceClasses}
     */
    public Dl4jFineTuner(FineTuneParams params, float[][] sourceFeatures, int[] sourceLabels, List<String> sourceClasses) {
        this.params = params;
        this.sourceFeatures = sourceFeatures;
        this.sourceLabels = sourceLabels;
        this.sourceClasses = List.copyOf(sourceClasses);
    }

    public FineTuneParams params() {
        return params;
    }

    /** A step with this tuner's own parameters and no early stopping. */
    public Classifier fineTune(Examples batch, Classifier current) {
        return fineTune(batch, Examples.NONE, current, params);
    }

    @Override
    public Classifier fineTune(Examples train, Examples validation, Classifier current, FineTuneParams p) {
        if (p.strategy() == Strategy.AUTO) {
            throw new IllegalArgumentException("auto is a search over strategies, not a step");
        }
        NativeThreads.onThisThread();
        Dl4jClassifier cur = (Dl4jClassifier) current;
        Strategy configured = p.strategy();
        if (configured == Strategy.JOINT && !cur.hasSourceHead() && !replaysSource(cur, train)) {
            // decided once, from the source model itself: a line without a source head never gets one later
            p = p.withStrategy(Strategy.FULL);
        }
        ModelMetadata meta = cur.metadata();
        List<String> classes = new ArrayList<>(meta.classes());
        for (String l : train.labels()) {
            if (!classes.contains(l)) {
                classes.add(l);
            }
        }

        ComputationGraph g = cur.graph().clone();
        if (classes.size() > meta.classes().size()) {
            g = growTargetHead(g, meta.classes().size(), classes.size());
        }
        if (p.strategy() == Strategy.JOINT && !cur.hasSourceHead()) {
            g = addSourceHead(g);
        }

        FineTuneConfiguration.Builder ftc = new FineTuneConfiguration.Builder()
                .updater(new Adam(p.learningRate()))
                .l1(p.l1())
                .l2(p.l2())
                .seed(p.seed());
        if (p.dropout() > 0) ftc.dropOut(1 - p.dropout()); // DL4J takes the retain probability
        TransferLearning.GraphBuilder tb = new TransferLearning.GraphBuilder(g).fineTuneConfiguration(ftc.build());
        String lastHidden = Networks.hidden(meta.hiddenLayers().size() - 1);
        if (p.strategy() == Strategy.HEAD) {
            tb.setFeatureExtractor(lastHidden);
        }
        ComputationGraph trainable = tb.build();

        int epochs = train(trainable, train, validation, classes, meta, p);

        ComputationGraph result = trainable;
        if (p.strategy() == Strategy.HEAD) {
            // Frozen wrappers would freeze the next step too; copy the trained weights back into a plain graph.
            g.setParams(trainable.params());
            result = g;
        }
        Map<String, String> provenance = new LinkedHashMap<>(meta.provenance());
        provenance.put(FINE_TUNED_AT, Instant.now().toString());
        provenance.put("fineTuneExamples", Integer.toString(train.size()));
        Map<String, String> hyper = new LinkedHashMap<>(p.asMap());
        if (configured != p.strategy()) {
            hyper.put("configuredStrategy", configured.id());
        }
        hyper.put("epochsRun", Integer.toString(epochs));
        ModelMetadata next = new ModelMetadata(classes, meta.inputSize(), meta.featureMean(), meta.featureScale(),
                meta.hiddenLayers(), hyper, provenance);
        return new Dl4jClassifier(result, next);
    }

    /**
     * Whether a {@code joint} line starts a source head: only from the source model itself (not yet fine-tuned, not a
     * scratch start), with source examples to replay, and when the source model is right on this first step's labels
     * more often than chance ({@link SourceTransfer}).
     */
    private boolean replaysSource(Dl4jClassifier cur, Examples train) {
        Map<String, String> provenance = cur.metadata().provenance();
        boolean sourceModel = !provenance.containsKey(FINE_TUNED_AT) && !SCRATCH.equals(provenance.get(ORIGIN));
        return sourceFeatures.length > 0 && sourceModel && SourceTransfer.informative(cur, train);
    }

    @Override
    public Classifier fresh(Classifier like, long seed) {
        ModelMetadata meta = like.metadata();
        ComputationGraph g = Networks.build(meta.inputSize(), meta.hiddenLayers(), meta.classes().size(), params.learningRate(),
                params.l2(), seed);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put(ORIGIN, SCRATCH);
        provenance.put("createdAt", Instant.now().toString());
        provenance.put("seed", Long.toString(seed));
        provenance.putAll(Dl4jModelCodec.libraryVersions());
        return new Dl4jClassifier(g, new ModelMetadata(meta.classes(), meta.inputSize(), meta.featureMean(), meta.featureScale(),
                meta.hiddenLayers(), Map.of(), provenance));
    }

    /**
     * Runs up to {@code p.epochs()} passes; with validation examples, stops after {@code p.patience()} passes without a
     * lower validation loss and restores the best pass's weights. Returns the number of passes whose weights were kept.
     */
    private int train(ComputationGraph net, Examples train, Examples validation, List<String> classes, ModelMetadata meta,
                      FineTuneParams p) {
        int n = train.size();
        // Drawn from the step's own seed, not from a generator shared by every call: a step's outcome then depends only on
        // its inputs, never on what this tuner trained before (another strategy, the scratch shadow).
        Random random = new Random(p.seed());
        Nd4j.getRandom().setSeed(p.seed());
        int[] y = indices(train, classes);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        boolean joint = p.strategy() == Strategy.JOINT;
        // A line that has a source head (from joint steps) keeps it under any strategy; the other strategies train it
        // with no source rows, the source head's loss masked out, since DL4J fits a two-output graph only as a whole.
        boolean twoHeads = net.getConfiguration().getNetworkOutputs().size() > 1;
        boolean stopEarly = !validation.isEmpty() && p.patience() > 0;
        INDArray valX = stopEarly ? Networks.matrix(validation.features(), meta.featureMean(), meta.featureScale()) : null;
        int[] valY = stopEarly ? indices(validation, classes) : null;
        int targetOutput = net.getConfiguration().getNetworkOutputs().indexOf(Networks.TARGET_HEAD);
        double bestLoss = Double.POSITIVE_INFINITY;
        INDArray best = null;
        int bestEpoch = 0;
        int mb = p.minibatch();
        for (int epoch = 1; epoch <= p.epochs(); epoch++) {
            Networks.shuffle(order, random);
            for (int from = 0; from < n; from += mb) {
                int to = Math.min(n, from + mb);
                float[][] bx = new float[to - from][];
                int[] by = new int[to - from];
                for (int i = from; i < to; i++) {
                    bx[i - from] = train.features()[order[i]];
                    by[i - from] = y[order[i]];
                }
                if (joint || twoHeads) {
                    int sourceRows = joint ? (int) Math.ceil(p.sourceReplay() * (to - from) / (double) n) : 0;
                    MultiDataSet batch = jointBatch(net, bx, by, classes.size(), meta, sourceRows, p, random);
                    net.fit(batch);
                    NativeMemory.release(batch.getFeatures());
                    NativeMemory.release(batch.getLabels());
                    NativeMemory.release(batch.getLabelsMaskArrays());
                } else {
                    DataSet batch = new DataSet(Networks.matrix(bx, meta.featureMean(), meta.featureScale()),
                            Networks.oneHot(by, classes.size(), p.labelSmoothing()));
                    net.fit(batch);
                    NativeMemory.release(batch.getFeatures(), batch.getLabels());
                }
            }
            if (!stopEarly) {
                bestEpoch = epoch;
                continue;
            }
            INDArray[] valOut = net.output(false, valX);
            double loss = crossEntropy(valOut[targetOutput].toDoubleMatrix(), valY);
            NativeMemory.release(valOut);
            if (loss < bestLoss - 1e-6) {
                bestLoss = loss;
                NativeMemory.release(best);
                best = net.params().dup();
                bestEpoch = epoch;
            } else if (epoch - bestEpoch >= p.patience()) {
                break;
            }
        }
        if (best != null) {
            net.setParams(best);
        }
        NativeMemory.release(best, valX);
        return bestEpoch;
    }

    private static int[] indices(Examples examples, List<String> classes) {
        int[] y = new int[examples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes.indexOf(examples.labels().get(i));
        }
        return y;
    }

    private static double crossEntropy(double[][] probabilities, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double pt = labels[i] < 0 ? 0 : probabilities[i][labels[i]];
            sum -= Math.log(Math.max(pt, 1e-15));
        }
        return sum / labels.length;
    }

    /** Target rows then replayed source rows; each head's loss is masked to its own rows. */
    private MultiDataSet jointBatch(ComputationGraph net, float[][] tx, int[] ty, int classCount, ModelMetadata meta, int sourceCount,
                                   FineTuneParams p, Random random) {
        int t = tx.length;
        float[][] all = new float[t + sourceCount][];
        int[] tLabels = new int[t + sourceCount];
        int[] sLabels = new int[t + sourceCount];
        System.arraycopy(tx, 0, all, 0, t);
        System.arraycopy(ty, 0, tLabels, 0, t);
        float[] tMask = new float[t + sourceCount];
        float[] sMask = new float[t + sourceCount];
        for (int i = 0; i < t; i++) {
            tMask[i] = 1;
        }
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
            labels[o] = target ? Networks.oneHot(tLabels, classCount, p.labelSmoothing())
                    : Networks.oneHot(sLabels, (int) net.getLayer(outputs.get(o)).getParam("b").length(), p.labelSmoothing());
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
