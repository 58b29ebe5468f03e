package io.streamadapt.adapt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One adaptation step, independent of Kafka.
 * <ol>
 *   <li>The training events (the new micro-batch plus the rehearsal sample) are split, anew each step, into a part to
 *       learn from and a validation part for early stopping and for choosing among candidates.</li>
 *   <li>Each candidate of the {@link Search} population is fine-tuned from the current model; the one with the best
 *       validation accuracy (then loss) goes to the {@link Gate}, which compares it with the current model on the
 *       held-out recent events that neither has learned.</li>
 *   <li>The scratch shadow (same architecture, random start) learns the same events. When it is right on more of the
 *       events where the two disagree than the model that would otherwise serve, on the held-out events and on the
 *       earlier micro-batches both scored before learning them ({@link PairedScores}), it is published instead: the
 *       service never stays worse than no transfer at all.</li>
 * </ol>
 *
 * <p>The fine-tuned line and the scratch shadow keep their own weights whichever of them serves. A held-out window of a
 * few dozen events cannot tell two close models apart, so the scratch shadow wins some steps by chance while labels are
 * few; if the fine-tuned line then continued from the scratch weights, that chance would throw the transfer away for
 * good (measured on {@code digits}: after one such switch the default and the scratch rows were identical from then on,
 * up to 0.02 below the offline fine-tune at 1,000 labels).
 */
public final class AdaptationStep {
    /** Fewer validation events than this are too noisy to stop on; the step then runs its full epochs on everything. */
    static final int MIN_VALIDATION = 5;

    private final FineTuner tuner;
    private final Gate gate;
    private final Search search;
    private final double validationFraction;

    public AdaptationStep(FineTuner tuner, Gate gate, Search search, double validationFraction) {
        this.tuner = tuner;
        this.gate = gate;
        this.search = search;
        this.validationFraction = validationFraction;
    }

    /** Where a published model came from. */
    public enum Origin {
        /** Fine-tuned from the current version. */
        FINE_TUNED,
        /** The scratch shadow, published because it beat the fine-tuned line (negative transfer). */
        SCRATCH;

        public String id() {
            return this == FINE_TUNED ? "finetune" : "scratch";
        }
    }

    /** One trained member of the population and how it did on the validation events. */
    public record Trial(FineTuneParams params, double validationAccuracy, double validationLoss, int epochsRun) {
    }

    /**
     * What the step produced.
     *
     * @param published         the model to publish, or null when nothing beat the current version
     * @param gate              the fine-tuned candidate against the current version
     * @param chosen            settings of the winning fine-tuned candidate
     * @param trials            every member of the population
     * @param line              the fine-tuned line after this step: the next step fine-tunes from it, published or not
     * @param scratch           the scratch shadow after this step (null when disabled)
     * @param scratchGate       the scratch shadow against the model that would otherwise serve (null when disabled)
     * @param scratchEarlier    the paired evidence of earlier micro-batches the scratch shadow was judged on as well
     */
    public record Outcome(Classifier published, Origin origin, GateResult gate, FineTuneParams chosen, List<Trial> trials,
                          Classifier line, Classifier scratch, GateResult scratchGate, Gate.Discordant scratchEarlier,
                          double fineTuneSeconds, int trainedOn) {
        public boolean accepted() {
            return published != null;
        }

        /** Held-out accuracy of the scratch shadow, NaN when there is none. */
        public double scratchAccuracy() {
            return scratchGate == null ? Double.NaN : scratchGate.candidateAccuracy();
        }
    }

    public Outcome run(Classifier current, Classifier scratch, List<Example> batch, List<Example> rehearsal,
                       List<Example> holdout, long stepSeed) {
        return run(current, current, scratch, batch, rehearsal, holdout, stepSeed, 1, Gate.Discordant.NONE);
    }

    /**
     * @param current    the model serving now, which a candidate must not be worse than
     * @param line       the fine-tuned line to continue from: {@code current}, unless the scratch shadow serves
     * @param batchScale the micro-batch's size over {@code batch.size} (1 for a normal batch); a larger backlog batch
     *                   trains every candidate and the scratch shadow with {@link FineTuneParams#forBatchScale}
     * @param earlier    the scratch shadow (candidate) against the fine-tuned line on earlier micro-batches, added to the
     *                   held-out evidence when the shadow is judged
     */
    public Outcome run(Classifier current, Classifier line, Classifier scratch, List<Example> batch, List<Example> rehearsal,
                       List<Example> holdout, long stepSeed, double batchScale, Gate.Discordant earlier) {
        List<Example> train = new ArrayList<>(batch.size() + rehearsal.size());
        train.addAll(batch);
        train.addAll(rehearsal);
        Collections.shuffle(train, new Random(stepSeed));
        int v = (int) Math.round(train.size() * validationFraction);
        List<Example> validation = v >= MIN_VALIDATION ? train.subList(0, v) : List.of();
        Examples fit = Examples.of(train.subList(validation.size(), train.size()));
        Examples val = Examples.of(validation);

        long t0 = System.nanoTime();
        List<FineTuneParams> population = validation.isEmpty() ? List.of(search.population(line).get(0)) : search.population(line);
        Classifier best = null;
        Trial bestTrial = null;
        List<Trial> trials = new ArrayList<>();
        for (FineTuneParams p : population) {
            Classifier c = tuner.fineTune(fit, val, line, p.forBatchScale(batchScale).withSeed(p.seed() ^ stepSeed));
            Trial t = trial(c, p, validation);
            trials.add(t);
            if (bestTrial == null || better(t, bestTrial)) {
                best = c;
                bestTrial = t;
            }
        }
        GateResult verdict = gate.judge(current, best, holdout);
        Classifier serving = verdict.accepted() ? best : current;
        Classifier nextScratch = null;
        GateResult scratchGate = null;
        Origin origin = Origin.FINE_TUNED;
        Classifier published = verdict.accepted() ? best : null;
        if (scratch != null) {
            FineTuneParams sp = search.defaults().withStrategy(Strategy.FULL).forBatchScale(batchScale);
            nextScratch = tuner.fineTune(fit, val, scratch, sp.withSeed(sp.seed() ^ stepSeed));
            scratchGate = gate.judge(serving, nextScratch, holdout);
            if (Gate.beats(scratchGate, earlier)) {
                published = nextScratch;
                origin = Origin.SCRATCH;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Classifier nextLine = verdict.accepted() ? best : line;
        return new Outcome(published, origin, verdict, bestTrial.params(), trials, nextLine, nextScratch, scratchGate,
                scratch == null ? Gate.Discordant.NONE : earlier, seconds, fit.size());
    }

    private static Trial trial(Classifier c, FineTuneParams p, List<Example> validation) {
        int epochs = Integer.parseInt(c.metadata().hyperParameters().getOrDefault("epochsRun", Integer.toString(p.epochs())));
        if (validation.isEmpty()) {
            return new Trial(p, Double.NaN, Double.NaN, epochs);
        }
        double[][] probabilities = c.predictProba(Examples.featuresOf(validation));
        return new Trial(p, Scores.accuracy(Scores.hits(c.classes(), probabilities, validation)),
                Scores.crossEntropy(c.classes(), probabilities, validation), epochs);
    }

    private static boolean better(Trial a, Trial b) {
        if (a.validationAccuracy() != b.validationAccuracy()) {
            return a.validationAccuracy() > b.validationAccuracy();
        }
        return a.validationLoss() < b.validationLoss();
    }
}
