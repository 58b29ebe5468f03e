package io.streamadapt.adapt;

import java.util.ArrayList;
import java.util.List;

/**
 * One adaptation step, independent of Kafka: fine-tune a candidate on the new micro-batch plus the rehearsal sample,
 * then let the gate compare it with the current model on the held-out recent events.
 */
public final class AdaptationStep {
    private final FineTuner tuner;
    private final Gate gate;

    public AdaptationStep(FineTuner tuner, Gate gate) {
        this.tuner = tuner;
        this.gate = gate;
    }

    /** The candidate, the gate's verdict and how long fine-tuning took. */
    public record Outcome(Classifier candidate, GateResult gate, double fineTuneSeconds, int trainedOn) {
    }

    public Outcome run(Classifier current, List<Example> batch, List<Example> rehearsal, List<Example> holdout) {
        List<Example> train = new ArrayList<>(batch.size() + rehearsal.size());
        train.addAll(batch);
        train.addAll(rehearsal);
        float[][] x = new float[train.size()][];
        List<String> y = new ArrayList<>(train.size());
        for (int i = 0; i < x.length; i++) {
            x[i] = train.get(i).features();
            y.add(train.get(i).label());
        }
        long t0 = System.nanoTime();
        Classifier candidate = tuner.fineTune(new Examples(x, y), current);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Outcome(candidate, gate.judge(current, candidate, holdout), seconds, train.size());
    }
}
