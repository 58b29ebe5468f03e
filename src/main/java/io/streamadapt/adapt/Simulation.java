package io.streamadapt.adapt;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays a labelled target stream through the same {@link Trainer} the service runs, without Kafka, and records the
 * accuracy of the serving model on held-out target data after given numbers of labels: a learning curve.
 */
public final class Simulation {
    private Simulation() {
    }

    /** Accuracy of the serving model after {@code labels} labelled events. */
    public record Point(int labels, double accuracy, long version) {
    }

    /** @param scratchPublished versions that were the scratch shadow (negative-transfer guard) */
    public record Result(List<Point> curve, int accepted, int rejected, int scratchPublished, double seconds,
                         List<AdaptationStep.Trial> lastTrials) {
    }

    /**
     * @param start        the model serving before any label (the source model, or a random one for the scratch baseline)
     * @param scratchStart the scratch shadow's random start, or null to run without the negative-transfer guard
     */
    public static Result run(Classifier start, Classifier scratchStart, AdaptationStep step, Trainer.Settings settings,
                             LabelledTable stream, LabelledTable eval, int[] checkpoints) {
        Trainer trainer = new Trainer(step, settings, new InMemoryTrainerMemory());
        if (scratchStart != null) {
            trainer.startScratch(scratchStart);
        }
        Classifier current = start;
        long version = 0;
        int accepted = 0, rejected = 0, scratchPublished = 0, next = 0;
        List<AdaptationStep.Trial> lastTrials = List.of();
        List<Point> curve = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < stream.size() && next < checkpoints.length; i++) {
            if (trainer.add(new Example(stream.features()[i], stream.labelOf(i), i), 0)) {
                Trainer.Flush f = trainer.flush(current);
                lastTrials = f.outcome().trials();
                if (f.accepted()) {
                    current = f.outcome().published();
                    trainer.accepted(++version);
                    accepted++;
                    if (f.outcome().origin() == AdaptationStep.Origin.SCRATCH) {
                        scratchPublished++;
                    }
                } else {
                    rejected++;
                }
            }
            while (next < checkpoints.length && i + 1 == checkpoints[next]) {
                curve.add(new Point(checkpoints[next], current.accuracy(eval.features(), eval.labels()), version));
                next++;
            }
        }
        return new Result(curve, accepted, rejected, scratchPublished, (System.nanoTime() - t0) / 1e9, lastTrials);
    }
}
