package io.streamadapt.adapt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * What a data scientist gets in a notebook: the source model fine-tuned offline, to convergence, on the first k labels
 * of the stream, with early stopping on a fifth of those k (drawn with the seed). The streaming trainer is measured
 * against it at every label budget.
 */
public final class OfflineBaseline {
    static final double VALIDATION_FRACTION = 0.2;
    static final int MAX_EPOCHS = 300;
    static final int PATIENCE = 10;

    private OfflineBaseline() {
    }

    /** Held-out accuracy after fine-tuning {@code source} on the first {@code k} events of {@code stream}, for each k. */
    public static List<Simulation.Point> run(Classifier source, FineTuner tuner, FineTuneParams params, LabelledTable stream,
                                             LabelledTable eval, int[] checkpoints) {
        List<Simulation.Point> out = new ArrayList<>();
        for (int k : checkpoints) {
            if (k > stream.size()) {
                break;
            }
            List<Example> first = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                first.add(new Example(stream.features()[i], stream.labelOf(i), i));
            }
            Collections.shuffle(first, new Random(params.seed() ^ k));
            int v = (int) Math.round(k * VALIDATION_FRACTION);
            FineTuneParams p = new FineTuneParams(params.strategy() == Strategy.AUTO ? Strategy.FULL : params.strategy(),
                    params.learningRate(), params.l1(), params.l2(), params.dropout(), MAX_EPOCHS, PATIENCE, params.minibatch(),
                    params.labelSmoothing(), params.sourceReplay(), params.seed());
            Classifier tuned = tuner.fineTune(Examples.of(first.subList(v, k)), Examples.of(first.subList(0, v)), source, p);
            out.add(new Simulation.Point(k, tuned.accuracy(eval.features(), eval.labels()), 0));
        }
        return out;
    }
}
