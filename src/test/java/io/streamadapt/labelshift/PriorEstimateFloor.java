package io.streamadapt.labelshift;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Example;
import io.streamadapt.adapt.InMemoryTrainerMemory;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.Progress;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.adapt.dl4j.Dl4jFineTuner;
import io.streamadapt.adapt.dl4j.Dl4jModelCodec;
import io.streamadapt.adapt.dl4j.Dl4jPretrainer;
import io.streamadapt.adapt.dl4j.NativeThreads;
import io.streamadapt.config.Config;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import io.streamadapt.model.SourceModels;
import io.streamadapt.replay.ReplayPlan;
import io.streamadapt.replay.ShiftSpec;
import io.streamadapt.service.TrainingSetup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How close any unbiased estimate of the shifted requests' class priors can come, given the classifier the service
 * trains and the share of requests that get a label: the floor under {@code demo --label-fraction F --shift-priors SPEC}'s
 * {@code labelShift.l1Error}.
 *
 * <p>It replays the demo's stream through the service's own trainer, then takes a classifier that learned none of the
 * requests it is judged on (the version serving at the shift, on all shifted requests; the last version, on the shifted
 * requests it never learned), and draws the labelled share at random many times. Each draw is estimated the way a
 * random labelled share allows without bias: the labelled requests counted, the rest as the mean probability plus the
 * labelled requests' mean residual (prediction-powered inference). The spread over the draws is sampling error alone,
 * which an unbiased estimate cannot shed without a better classifier or more labels; a biased one beats it only where
 * its bias happens to be small.
 *
 * <p>{@code java -cp target/test-classes:target/classes:<classpath> io.streamadapt.labelshift.PriorEstimateFloor
 * fashion trouser=0.5 42 [0.2 0.3 ...]}
 */
public final class PriorEstimateFloor {
    private static final int DRAWS = 4000;
    private static final double TARGET = 0.10;

    private PriorEstimateFloor() {
    }

    public static void main(String[] args) {
        String scenarioName = args[0];
        ShiftSpec shift = ShiftSpec.parse(args[1]);
        long seed = Long.parseLong(args[2]);
        double[] fractions = args.length > 3 ? Arrays.stream(args, 3, args.length).mapToDouble(Double::parseDouble).toArray()
                : new double[]{0.2};
        NativeThreads.limit(1);
        Config config = Config.of(Map.of("seed", Long.toString(seed)));
        Scenario s = Scenarios.load(scenarioName, seed);
        Classifier source = SourceModels.loadOrPretrain(SourceModels.defaultCacheFile(s, seed), s,
                PretrainParams.defaultsFor(s.featureCount(), seed), new Dl4jPretrainer(Progress.Factory.QUIET),
                new Dl4jModelCodec()).model();
        // the demo's stream: the part of the target not held out for evaluation, labelled at 20% as in the command
        ReplayPlan plan = ReplayPlan.of(s.target().split(0.3)[1], 0.2, shift, seed);
        Dataset d = plan.stream();
        int from = plan.shiftStart();
        int k = s.classes().size();

        Dl4jFineTuner tuner = new Dl4jFineTuner(TrainingSetup.fineTuneParams(config), s.source().features(),
                s.source().labels(), s.classes());
        InMemoryTrainerMemory memory = new InMemoryTrainerMemory();
        Trainer trainer = new Trainer(TrainingSetup.step(config, tuner, TrainingSetup.fineTuneParams(config)),
                TrainingSetup.settings(config), memory);
        Classifier scratch = TrainingSetup.scratchStart(config, tuner, source);
        if (scratch != null) {
            trainer.startScratch(scratch);
        }
        Classifier atShift = learn(trainer, source, d, plan, 0, from);
        List<Integer> shifted = new ArrayList<>();
        for (int i = from; i < d.size(); i++) {
            shifted.add(i);
        }
        Judged first = judge(atShift, memory, d, shifted);
        Classifier last = learn(trainer, atShift, d, plan, from, d.size());
        List<Integer> neverLearned = new ArrayList<>();
        for (int i = from; i < d.size(); i++) {
            if (!plan.labelled()[i]) {
                neverLearned.add(i);
            }
        }
        Judged second = judge(last, memory, d, neverLearned);

        System.out.printf("%s %s, seed %d: %d shifted requests%n", scenarioName, args[1], seed, shifted.size());
        for (double f : fractions) {
            report("version at the shift, all shifted requests", first, f, k, seed);
            report("last version, the shifted requests it never learned", second, f, k, seed);
        }
        boolean[] demoLabels = new boolean[first.y.length];
        for (int i = 0; i < demoLabels.length; i++) {
            demoLabels[i] = plan.labelled()[from + i];
        }
        System.out.printf("the demo's own labelled share, version at the shift: l1 %.3f%n", l1(first, demoLabels, k));
        System.exit(0);
    }

    /** A classifier's calibrated probabilities on requests it never learned, and their labels. */
    private record Judged(double[][] p, int[] y, double accuracy, double brier) {
    }

    private static Classifier learn(Trainer trainer, Classifier current, Dataset d, ReplayPlan plan, int from, int to) {
        for (int i = from; i < to; i++) {
            if (plan.labelled()[i] && trainer.add(new Example(d.features()[i], d.labelOf(i), i), 0)) {
                Trainer.Flush f = trainer.flush(current);
                if (f.accepted()) {
                    current = f.outcome().published();
                }
            }
        }
        return current;
    }

    private static Judged judge(Classifier model, InMemoryTrainerMemory memory, Dataset d, List<Integer> rows) {
        Calibration cal = CalibrationFitter.fit(model, memory.holdout(),
                CalibrationFitter.trainingSet(memory.buffer(), memory.reservoir()));
        float[][] x = new float[rows.size()][];
        int[] y = new int[rows.size()];
        for (int j = 0; j < y.length; j++) {
            x[j] = d.features()[rows.get(j)];
            y[j] = d.labels()[rows.get(j)];
        }
        double[][] p = TemperatureScaling.apply(model.predictProba(x), cal.temperature());
        int[] best = Classifier.argmax(p);
        int hits = 0;
        double brier = 0;
        for (int i = 0; i < y.length; i++) {
            hits += best[i] == y[i] ? 1 : 0;
            for (int c = 0; c < p[i].length; c++) {
                double e = (c == y[i] ? 1 : 0) - p[i][c];
                brier += e * e;
            }
        }
        return new Judged(p, y, hits / (double) y.length, brier / y.length);
    }

    private static void report(String title, Judged j, double fraction, int k, long seed) {
        int n = j.y.length;
        int labelled = (int) Math.round(fraction * n);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Random random = new Random(seed);
        double[] errors = new double[DRAWS];
        int met = 0;
        for (int draw = 0; draw < DRAWS; draw++) {
            Collections.shuffle(order, random);
            boolean[] known = new boolean[n];
            for (int i = 0; i < labelled; i++) {
                known[order.get(i)] = true;
            }
            errors[draw] = l1(j, known, k);
            met += errors[draw] <= TARGET ? 1 : 0;
        }
        Arrays.sort(errors);
        System.out.printf("  %-52s accuracy %.3f, Brier %.3f; %d of %d labelled (%.1f): l1 median %.3f, 10th-90th "
                        + "percentile %.3f-%.3f, <= %.2f in %.0f%% of %d draws%n", title, j.accuracy, j.brier, labelled, n,
                fraction, errors[DRAWS / 2], errors[DRAWS / 10], errors[DRAWS * 9 / 10], TARGET, 100.0 * met / DRAWS, DRAWS);
    }

    /** The unbiased estimate's l1 error for one labelled share: labelled requests counted, the rest estimated by PPI. */
    private static double l1(Judged j, boolean[] known, int k) {
        double[] counted = new double[k];
        double[] meanRest = new double[k];
        double[] residual = new double[k];
        int labelled = 0;
        for (int i = 0; i < j.y.length; i++) {
            if (known[i]) {
                labelled++;
                counted[j.y[i]]++;
                for (int c = 0; c < k; c++) {
                    residual[c] += (c == j.y[i] ? 1 : 0) - j.p[i][c];
                }
            } else {
                for (int c = 0; c < k; c++) {
                    meanRest[c] += j.p[i][c];
                }
            }
        }
        int rest = j.y.length - labelled;
        double[] estimate = new double[k];
        for (int c = 0; c < k; c++) {
            estimate[c] = Math.max(0, meanRest[c] / rest + residual[c] / labelled);
        }
        estimate = Priors.normalize(estimate);
        double[] truth = Priors.shares(j.y, k, 0);
        double error = 0;
        for (int c = 0; c < k; c++) {
            error += Math.abs((counted[c] + estimate[c] * rest) / j.y.length - truth[c]);
        }
        return error;
    }
}
