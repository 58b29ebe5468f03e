package io.streamadapt.adapt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hyper-parameters of one fine-tune step; recorded in each version's lineage. The service builds them from its
 * configuration ({@code TrainingSetup}); the core only reads them.
 *
 * @param epochs   most passes over the training events
 * @param patience passes without a better validation loss before the step stops (0: always {@code epochs})
 */
public record FineTuneParams(Strategy strategy, double learningRate, double l1, double l2, double dropout, int epochs,
                             int patience, int minibatch, double labelSmoothing, int sourceReplay, long seed) {
    /** Fewest passes of a step scaled for a backlog batch: enough for early stopping to see the validation loss turn. */
    static final int MIN_EPOCHS = 5;
    /** Largest mini-batch of a scaled step: beyond it the optimiser takes too few updates per pass. */
    static final int MAX_MINIBATCH = 512;

    public FineTuneParams withStrategy(Strategy s) {
        return new FineTuneParams(s, learningRate, l1, l2, dropout, epochs, patience, minibatch, labelSmoothing, sourceReplay, seed);
    }

    public FineTuneParams withLearningRate(double lr) {
        return new FineTuneParams(strategy, lr, l1, l2, dropout, epochs, patience, minibatch, labelSmoothing, sourceReplay, seed);
    }

    /**
     * The settings for a micro-batch {@code scale} times {@code batch.size} (a backlog taken in as one step): mini-batches
     * {@code sqrt(scale)} times larger and at most {@code epochs / sqrt(scale)} passes (never fewer than {@link #MIN_EPOCHS}).
     * A pass then takes about as many optimiser updates as a normal step's, each on more examples, so a step's cost grows
     * with about the square root of its size while every event is still learned from.
     */
    public FineTuneParams forBatchScale(double scale) {
        if (scale <= 1) {
            return this;
        }
        double root = Math.sqrt(scale);
        int mb = (int) Math.min(MAX_MINIBATCH, Math.round(minibatch * root));
        int e = Math.min(epochs, Math.max(MIN_EPOCHS, (int) Math.ceil(epochs / root)));
        return new FineTuneParams(strategy, learningRate, l1, l2, dropout, e, patience, Math.max(minibatch, mb), labelSmoothing,
                sourceReplay, seed);
    }

    public FineTuneParams withEpochs(int e) {
        return new FineTuneParams(strategy, learningRate, l1, l2, dropout, e, patience, minibatch, labelSmoothing, sourceReplay, seed);
    }

    public FineTuneParams withSeed(long s) {
        return new FineTuneParams(strategy, learningRate, l1, l2, dropout, epochs, patience, minibatch, labelSmoothing, sourceReplay, s);
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("strategy", strategy.id());
        m.put("learningRate", Double.toString(learningRate));
        m.put("l1", Double.toString(l1));
        m.put("l2", Double.toString(l2));
        m.put("dropout", Double.toString(dropout));
        m.put("epochs", Integer.toString(epochs));
        m.put("patience", Integer.toString(patience));
        m.put("minibatch", Integer.toString(minibatch));
        m.put("labelSmoothing", Double.toString(labelSmoothing));
        m.put("sourceReplay", Integer.toString(sourceReplay));
        return m;
    }
}
