package io.streamadapt.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.testing.ConstantTuner;
import io.streamadapt.testing.FixedClassifier;
import io.streamadapt.testing.MemorisingTuner;
import io.streamadapt.testing.TableClassifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final List<String> CLASSES = List.of("a", "b", "c");
    static final FineTuneParams FULL = new FineTuneParams(Strategy.FULL, 0.003, 0, 1e-4, 0, 10, 3, 32, 0, 0, 7);

    static Trainer.Settings settings(int batchMin, int batchSize, int holdout, int rehearsal) {
        return new Trainer.Settings(batchMin, batchSize, Duration.ofSeconds(30), new Reservoir(rehearsal, 1), rehearsal, HoldoutPolicy.DEFAULT,
                holdout, 1);
    }

    static AdaptationStep step(FineTuner tuner, FineTuneParams params) {
        return new AdaptationStep(tuner, new Gate(0, 0.05), new Search(params, 4), 0.2);
    }

    static Example event(int id, String label) {
        return new Example(new float[]{id}, label, id);
    }

    /** Streams n events from a source-like model that answers "a", publishing what is accepted; returns the serving model. */
    static Classifier stream(Trainer trainer, int n, java.util.function.IntFunction<String> label, List<AdaptationStep.Outcome> outcomes) {
        Classifier current = TableClassifier.constant(CLASSES, 0);
        for (int i = 0; i < n; i++) {
            if (trainer.add(event(i, label.apply(i)), 0)) {
                AdaptationStep.Outcome o = trainer.flush(current).outcome();
                outcomes.add(o);
                if (o.accepted()) current = o.published();
            }
        }
        return current;
    }

    @Test
    void flushesAfterTenLabelsThenGrowsTheBatchToAQuarterOfWhatWasLearnedUpToBatchSize() {
        Trainer trainer = new Trainer(step(new MemorisingTuner(0), FULL), settings(10, 50, 40, 10_000), new InMemoryTrainerMemory());
        Classifier current = TableClassifier.constant(CLASSES, 0);
        List<Integer> batches = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            if (trainer.add(event(i, CLASSES.get(i % 3)), 0)) {
                Trainer.Flush f = trainer.flush(current);
                batches.add(f.batchEvents());
                if (f.accepted()) {
                    current = f.outcome().published();
                    trainer.accepted(batches.size());
                }
            }
        }

        assertThat(batches.get(0)).isEqualTo(10);
        assertThat(batches.subList(0, 4)).containsOnly(10);
        assertThat(batches).isSorted();
        assertThat(batches.get(batches.size() - 1)).isEqualTo(50);
        assertThat(batches.indexOf(50)).as("flushes before the batch reaches its full size").isBetween(8, 20);
    }

    @Test
    void holdsOutEveryFifthEventAndLendsEvictedOnesToTheReservoir() {
        InMemoryTrainerMemory memory = new InMemoryTrainerMemory();
        Trainer trainer = new Trainer(step(new MemorisingTuner(0), FULL), settings(1000, 1000, 4, 100), memory);
        for (int i = 0; i < 30; i++) trainer.add(event(i, "a"), 0);

        assertThat(memory.holdout()).extracting(Example::offset).containsExactly(14L, 19L, 24L, 29L);
        assertThat(memory.reservoir()).extracting(Example::offset).contains(4L, 9L);
        assertThat(memory.bufferSize()).isEqualTo(24);
    }

    @Test
    void flushesAStaleBufferWhateverItsSize() {
        Trainer trainer = new Trainer(step(new MemorisingTuner(0), FULL), settings(10, 50, 40, 100), new InMemoryTrainerMemory());
        trainer.add(event(0, "a"), 1_000);

        assertThat(trainer.due(1_000 + 29_999)).isFalse();
        assertThat(trainer.due(1_000 + 30_000)).isTrue();
    }

    @Test
    void aRejectedCandidateLeavesTheLineageOpenForTheNextVersion() {
        FineTuner diverging = new FineTuner() {
            @Override
            public Classifier fineTune(Examples train, Examples validation, Classifier current, FineTuneParams params) {
                return FixedClassifier.diverged(CLASSES);
            }

            @Override
            public Classifier fresh(Classifier like, long seed) {
                return like;
            }
        };
        InMemoryTrainerMemory memory = new InMemoryTrainerMemory();
        Trainer trainer = new Trainer(step(diverging, FULL), settings(10, 10, 40, 100), memory);
        boolean full = false;
        int i = 0;
        while (!full) full = trainer.add(event(i, CLASSES.get(i++ % 3)), 0);

        Trainer.Flush f = trainer.flush(TableClassifier.constant(CLASSES, 0));

        assertThat(f.accepted()).isFalse();
        assertThat(f.outcome().gate().verdict()).isEqualTo(GateVerdict.DIVERGED);
        assertThat(f.fromOffset()).isZero();
        assertThat(memory.lineageFrom()).isZero();
        assertThat(memory.bufferSize()).isZero();
    }

    /**
     * Streams {@code n} events, all "b", with the scratch shadow on: the source line falls back to "a" on events it has
     * not learned, a fresh model to "b", so the shadow wins. Returns the serving model.
     */
    static Classifier streamWhereTheScratchShadowWins(int n, List<AdaptationStep.Outcome> outcomes) {
        MemorisingTuner tuner = new MemorisingTuner(1);
        Trainer trainer = new Trainer(step(tuner, FULL), settings(10, 50, 40, 1000), new InMemoryTrainerMemory());
        trainer.startScratch(tuner.fresh(TableClassifier.constant(CLASSES, 0), 1));
        return stream(trainer, n, i -> "b", outcomes);
    }

    @Test
    void publishesTheScratchShadowWhenItBeatsTheFineTunedLineOnHeldOutEvents() {
        List<AdaptationStep.Outcome> outcomes = new ArrayList<>();
        Classifier current = streamWhereTheScratchShadowWins(100, outcomes);

        AdaptationStep.Outcome switched = outcomes.stream().filter(o -> o.origin() == AdaptationStep.Origin.SCRATCH).findFirst().orElseThrow();
        assertThat(switched.scratchAccuracy()).isEqualTo(1.0);
        assertThat(switched.gate().candidateAccuracy()).isZero();
        assertThat(switched.published()).isSameAs(switched.scratch());
        assertThat(Scores.accuracy(current, List.of(event(1000, "b")))).as("serving the scratch line from then on").isEqualTo(1.0);
    }

    @Test
    void whileTheScratchShadowServesTheFineTunedLineGoesOnFromItsOwnWeights() {
        List<AdaptationStep.Outcome> outcomes = new ArrayList<>();
        streamWhereTheScratchShadowWins(200, outcomes);

        int first = outcomes.indexOf(outcomes.stream().filter(o -> o.origin() == AdaptationStep.Origin.SCRATCH).findFirst().orElseThrow());
        List<AdaptationStep.Outcome> after = outcomes.subList(first + 1, outcomes.size());
        assertThat(after).isNotEmpty().allSatisfy(o -> {
            // the source line answers "a" on what it has not learned, the scratch line "b": the line kept its own start
            assertThat(Scores.accuracy(o.line(), List.of(event(1000, "b")))).isZero();
            assertThat(o.line()).isNotSameAs(o.scratch());
        });
    }

    @Test
    void aScratchShadowTiedOnTheHeldOutEventsServesOnceEarlierMicroBatchesShowItBetter() {
        // every event is "b"; the line is right only on the held-out events (every fifth arrival), the shadow on all
        java.util.Map<Integer, Integer> heldOutRight = new java.util.HashMap<>();
        for (int i = 4; i < 100; i += 5) heldOutRight.put(i, 1);
        Classifier line = new TableClassifier(CLASSES, heldOutRight, 0, java.util.Map.of());
        // every step trains both into the line: on the held-out events they tie, so only the earlier batches can tell
        Trainer trainer = new Trainer(step(new ConstantTuner(line), FULL), settings(10, 50, 40, 1000), new InMemoryTrainerMemory());
        trainer.startScratch(TableClassifier.constant(CLASSES, 1));
        Trainer.Flush f = null;
        for (int i = 0; f == null; i++) {
            if (trainer.add(event(i, "b"), 0)) f = trainer.flush(line);
        }

        AdaptationStep.Outcome o = f.outcome();
        assertThat(o.scratchGate().candidateOnlyRight()).as("a tie on the held-out events").isZero();
        assertThat(o.scratchGate().currentOnlyRight()).isZero();
        assertThat(o.scratchEarlier()).as("the first batch, scored before the step").isEqualTo(new Gate.Discordant(10, 0));
        assertThat(o.origin()).isEqualTo(AdaptationStep.Origin.SCRATCH);
    }

    @Test
    void keepsTheFineTunedLineWhenTheScratchShadowIsNoBetter() {
        MemorisingTuner tuner = new MemorisingTuner(0);
        Trainer trainer = new Trainer(step(tuner, FULL), settings(10, 50, 40, 1000), new InMemoryTrainerMemory());
        trainer.startScratch(tuner.fresh(TableClassifier.constant(CLASSES, 0), 1));
        List<AdaptationStep.Outcome> outcomes = new ArrayList<>();
        stream(trainer, 100, i -> CLASSES.get(i % 3), outcomes);

        assertThat(outcomes).isNotEmpty().allSatisfy(o -> {
            assertThat(o.origin()).isEqualTo(AdaptationStep.Origin.FINE_TUNED);
            assertThat(o.scratchAccuracy()).isEqualTo(o.gate().candidateAccuracy());
        });
    }

    @Test
    void theAutoStrategyTrainsAPopulationAndRecordsTheWinnersSettings() {
        MemorisingTuner tuner = new MemorisingTuner(0);
        Trainer trainer = new Trainer(step(tuner, FULL.withStrategy(Strategy.AUTO)), settings(40, 40, 40, 1000), new InMemoryTrainerMemory());
        Classifier current = TableClassifier.constant(CLASSES, 0);
        Trainer.Flush f = null;
        for (int i = 0; i < 50 && f == null; i++) {
            if (trainer.add(event(i, CLASSES.get(i % 3)), 0)) f = trainer.flush(current);
        }

        assertThat(f.outcome().trials()).hasSize(4);
        assertThat(tuner.calls).extracting(FineTuneParams::strategy).containsExactly(Strategy.FULL, Strategy.FULL, Strategy.FULL, Strategy.HEAD);
        assertThat(f.outcome().published().metadata().hyperParameters()).containsEntry("strategy", f.outcome().chosen().strategy().id());
    }

    @Test
    void withTooFewEventsToValidateOnAStepTrainsOnlyTheCentreOnEverything() {
        MemorisingTuner tuner = new MemorisingTuner(0);
        Trainer trainer = new Trainer(step(tuner, FULL.withStrategy(Strategy.AUTO)), settings(10, 10, 40, 1000), new InMemoryTrainerMemory());
        Trainer.Flush f = null;
        for (int i = 0; i < 20 && f == null; i++) {
            if (trainer.add(event(i, CLASSES.get(i % 3)), 0)) f = trainer.flush(TableClassifier.constant(CLASSES, 0));
        }

        assertThat(f.outcome().trials()).hasSize(1);
        assertThat(f.outcome().trainedOn()).isEqualTo(10);
    }

    @Test
    void aStepReplaysAFreshSampleOfTheReservoirOnceItOutgrowsTheReplaySize() {
        Trainer.Settings s = new Trainer.Settings(10, 50, Duration.ofSeconds(30), new Reservoir(1000, 1), 100, HoldoutPolicy.DEFAULT, 40, 1);
        Trainer trainer = new Trainer(step(new MemorisingTuner(0), FULL), s, new InMemoryTrainerMemory());
        Classifier current = TableClassifier.constant(CLASSES, 0);
        List<Integer> trainedOn = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            if (trainer.add(event(i, CLASSES.get(i % 3)), 0)) {
                Trainer.Flush f = trainer.flush(current);
                trainedOn.add(f.outcome().trainedOn());
            }
        }

        // training events per step: the batch plus at most 100 replayed, less the validation fifth
        assertThat(trainedOn).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(120));
        assertThat(trainedOn.get(trainedOn.size() - 1)).isEqualTo(120);
    }

    static Trainer.Settings backlogSettings(int backlogMax) {
        return new Trainer.Settings(10, 50, Duration.ofSeconds(30), new Reservoir(1000, 1), 250, HoldoutPolicy.DEFAULT, 40, 1, backlogMax);
    }

    /** Streams events 0..n-1 while the topic already holds {@code end} of them; returns the flushed batch sizes. */
    static List<Integer> batchesWhileBacklogged(Trainer trainer, int n) {
        Classifier current = TableClassifier.constant(CLASSES, 0);
        List<Integer> batches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (trainer.add(event(i, CLASSES.get(i % 3)), 0)) {
                Trainer.Flush f = trainer.flush(current);
                batches.add(f.batchEvents());
                if (f.accepted()) {
                    current = f.outcome().published();
                    trainer.accepted(batches.size());
                }
            }
        }
        return batches;
    }

    @Test
    void underABacklogTheBufferTakesInWhatWaitsAtMostQuadruplingWhatWasLearnedUpToTheBacklogMaximum() {
        int n = 6000;
        Trainer trainer = new Trainer(step(new MemorisingTuner(0), FULL), backlogSettings(1000), new InMemoryTrainerMemory(), () -> n);
        List<Integer> batches = batchesWhileBacklogged(trainer, n);

        // a young model still gets early versions: each step at most quadruples what was learned (plus evicted held-out events)
        assertThat(batches.subList(0, 3)).containsExactly(10, 30, 120);
        assertThat(batches.get(3)).isEqualTo(1000);
        assertThat(batches).allMatch(b -> b <= 1000);
        assertThat(batches.stream().filter(b -> b == 1000).count()).as("steps at the backlog maximum").isGreaterThanOrEqualTo(2);
        assertThat(batches.size()).as("far fewer steps than %d of batch.size", n * 4 / 5 / 50).isLessThan(20);
        // once fewer than a batch wait, batches are normal again; less than one stays buffered for batch.max.wait
        assertThat(trainer.memory().bufferSize()).isLessThan(50);
        assertThat(batches.stream().mapToInt(Integer::intValue).sum() + trainer.memory().bufferSize())
                .as("every event not held out, learned once").isEqualTo(n - n / 5);
    }

    @Test
    void withNothingWaitingBatchesStayWithinBatchSize() {
        int[] end = {0};
        Trainer trainer = new Trainer(step(new MemorisingTuner(0), FULL), backlogSettings(1000), new InMemoryTrainerMemory(), () -> end[0]);
        Classifier current = TableClassifier.constant(CLASSES, 0);
        List<Integer> batches = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            end[0] = i + 1; // each event is the last on the topic when it arrives
            if (trainer.add(event(i, CLASSES.get(i % 3)), 0)) batches.add(trainer.flush(current).batchEvents());
        }
        assertThat(trainer.waiting()).isZero();
        assertThat(batches).allMatch(b -> b <= 50);
        assertThat(batches.get(batches.size() - 1)).isEqualTo(50);
    }

    @Test
    void aBacklogBatchIsNotCutShortByThePunctuatorButStillFlushesAfterTheMaximumWait() {
        Trainer trainer = new Trainer(step(new MemorisingTuner(0), FULL), backlogSettings(1000), new InMemoryTrainerMemory(), () -> 100_000);
        Classifier current = TableClassifier.constant(CLASSES, 0);
        int i = 0;
        // learn a first 400 events so the bound (what was learned) is above batch.size, and stop right after a flush
        while (trainer.memory().seen() - trainer.memory().bufferSize() - trainer.memory().holdoutSize() < 400
                || trainer.memory().bufferSize() > 0) {
            if (trainer.add(event(i, CLASSES.get(i++ % 3)), 1_000)) trainer.flush(current);
        }
        for (int k = 0; k < 100; k++) assertThat(trainer.add(event(i, CLASSES.get(i++ % 3)), 1_000)).isFalse();
        assertThat(trainer.memory().bufferSize()).isGreaterThan(50);
        assertThat(trainer.due(1_000 + 29_999)).as("more than batch.size buffered, but a backlog waits").isFalse();
        assertThat(trainer.due(1_000 + 30_000)).isTrue();
    }

    @Test
    void aBacklogBatchTrainsWithLargerMiniBatchesAndFewerPasses() {
        FineTuneParams p = new FineTuneParams(Strategy.FULL, 0.003, 0, 1e-4, 0, 40, 4, 32, 0, 0, 7);
        assertThat(p.forBatchScale(1)).isEqualTo(p);
        FineTuneParams x16 = p.forBatchScale(16);
        assertThat(x16.minibatch()).isEqualTo(128);
        assertThat(x16.epochs()).isEqualTo(10);
        assertThat(x16.learningRate()).isEqualTo(p.learningRate());
        FineTuneParams huge = p.forBatchScale(10_000);
        assertThat(huge.minibatch()).isEqualTo(FineTuneParams.MAX_MINIBATCH);
        assertThat(huge.epochs()).isEqualTo(FineTuneParams.MIN_EPOCHS);
        assertThat(new FineTuneParams(Strategy.FULL, 0.003, 0, 1e-4, 0, 3, 0, 32, 0, 0, 7).forBatchScale(16).epochs())
                .as("never more passes than configured").isEqualTo(3);
    }
}
