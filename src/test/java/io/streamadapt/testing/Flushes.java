package io.streamadapt.testing;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.Gate;
import io.streamadapt.adapt.GateResult;
import io.streamadapt.adapt.GateVerdict;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.adapt.Trainer;
import java.util.List;

/** Flush records with given figures, for tests of what listens to the trainer. */
public final class Flushes {
    public static final FineTuneParams PARAMS = new FineTuneParams(Strategy.FULL, 0.003, 0, 1e-4, 0, 10, 3, 32, 0, 0, 1);

    private Flushes() {
    }

    public static Trainer.Flush of(GateVerdict verdict, double fineTuneSeconds, int trainedOn, int batchEvents, long from, long to,
                                   long events) {
        GateResult gate = new GateResult(verdict, 0.5, 0.6, 1.0, 0.9, 20, 3, 1, 0.3);
        AdaptationStep.Outcome outcome = new AdaptationStep.Outcome(verdict.accepted() ? FixedClassifier.diverged(List.of("a", "b")) : null,
                AdaptationStep.Origin.FINE_TUNED, gate, PARAMS, List.of(), null, null, null, Gate.Discordant.NONE, fineTuneSeconds, trainedOn);
        return new Trainer.Flush(outcome, batchEvents, from, to, events);
    }
}
