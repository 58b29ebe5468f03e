package io.streamadapt.adapt;

import io.streamadapt.data.Dataset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a labelled target stream through the same {@link Trainer} the service runs, without Kafka, and records the
 * accuracy of the accepted model on held-out target data after given numbers of labels: a learning curve.
 */
public final class Simulation {
    private Simulation() {
    }

    /** Accuracy of the serving model after {@code labels} labelled events. */
    public record Point(int labels, double accuracy, long version) {
    }

    public record Result(List<Point> curve, int accepted, int rejected, double seconds) {
    }

    public static Result run(Classifier source, FineTuner tuner, Dataset stream, Dataset eval, int batchSize, int rehearsal,
                             int holdoutCapacity, double margin, long seed, int[] checkpoints) {
        Trainer trainer = new Trainer(new AdaptationStep(tuner, new Gate(margin)), new Reservoir(rehearsal, seed),
                HoldoutPolicy.DEFAULT, holdoutCapacity, batchSize, Duration.ofDays(1), new InMemoryTrainerMemory());
        Classifier current = source;
        long version = 0;
        int accepted = 0, rejected = 0, next = 0;
        List<Point> curve = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < stream.size() && next < checkpoints.length; i++) {
            if (trainer.add(new Example(stream.features()[i], stream.labelOf(i), i), 0)) {
                Trainer.Flush f = trainer.flush(current);
                if (f.accepted()) {
                    current = f.outcome().candidate();
                    trainer.accepted(++version);
                    accepted++;
                } else {
                    rejected++;
                }
            }
            while (next < checkpoints.length && i + 1 == checkpoints[next]) {
                curve.add(new Point(checkpoints[next], current.accuracy(eval.features(), eval.labels()), version));
                next++;
            }
        }
        return new Result(curve, accepted, rejected, (System.nanoTime() - t0) / 1e9);
    }
}
