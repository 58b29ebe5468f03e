package io.streamadapt.service;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.adapt.Gate;
import io.streamadapt.adapt.HoldoutPolicy;
import io.streamadapt.adapt.Reservoir;
import io.streamadapt.adapt.Search;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.adapt.TrainerMemory;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** Turns configuration into the trainer's parts, so the service and the offline {@code curve} train alike. */
public final class TrainingSetup {
    private TrainingSetup() {
    }

    /** The fine-tune step's hyper-parameters as configured. */
    public static FineTuneParams fineTuneParams(Config c) {
        return new FineTuneParams(Strategy.parse(c.get(Settings.STRATEGY)), c.get(Settings.LEARNING_RATE), c.get(Settings.L1),
                c.get(Settings.L2), c.get(Settings.DROPOUT), c.get(Settings.EPOCHS), c.get(Settings.PATIENCE),
                c.get(Settings.MINIBATCH), c.get(Settings.LABEL_SMOOTHING), c.get(Settings.SOURCE_REPLAY), c.get(Settings.SEED));
    }

    public static Trainer.Settings settings(Config c) {
        return new Trainer.Settings(Math.min(c.get(Settings.BATCH_MIN), c.get(Settings.BATCH_SIZE)), c.get(Settings.BATCH_SIZE),
                c.get(Settings.BATCH_MAX_WAIT), new Reservoir(c.get(Settings.REHEARSAL_SIZE), c.get(Settings.SEED)), c.get(Settings.REPLAY),
                HoldoutPolicy.DEFAULT, c.get(Settings.GATE_HOLDOUT), c.get(Settings.SEED),
                Math.max(c.get(Settings.BATCH_SIZE), c.get(Settings.BATCH_BACKLOG_MAX)));
    }

    public static AdaptationStep step(Config c, FineTuner tuner, FineTuneParams params) {
        return new AdaptationStep(tuner, new Gate(c.get(Settings.GATE_MARGIN), c.get(Settings.GATE_ALPHA)),
                new Search(params, c.get(Settings.POPULATION)), c.get(Settings.VALIDATION_FRACTION));
    }

    /** The scratch shadow's random start, or null when {@code baseline.scratch} is off. */
    public static Classifier scratchStart(Config c, FineTuner tuner, Classifier source) {
        return c.get(Settings.SCRATCH_BASELINE) ? tuner.fresh(source, c.get(Settings.SEED) ^ 0x5C2A7C4L) : null;
    }

    /** The trainer over a task's memory, with its scratch shadow started. */
    public static Function<TrainerMemory, Trainer> trainerFactory(Config c, FineTuner tuner, Classifier source) {
        return trainerFactory(c, tuner, source, () -> -1);
    }

    /**
     * The trainer over a task's memory, with its scratch shadow started.
     *
     * @param trainingEnd end offset of the training topic (-1 while unknown), from which the trainer sees its backlog
     */
    public static Function<TrainerMemory, Trainer> trainerFactory(Config c, FineTuner tuner, Classifier source, LongSupplier trainingEnd) {
        return memory -> {
            Trainer t = new Trainer(step(c, tuner, fineTuneParams(c)), settings(c), memory, trainingEnd);
            Classifier scratch = scratchStart(c, tuner, source);
            if (scratch != null) {
                t.startScratch(scratch);
            }
            return t;
        };
    }
}
