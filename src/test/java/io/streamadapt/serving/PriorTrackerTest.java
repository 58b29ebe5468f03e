package io.streamadapt.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamadapt.labelshift.Calibration;
import io.streamadapt.labelshift.Correction;
import io.streamadapt.labelshift.PriorSnapshot;
import io.streamadapt.model.ServedModel;
import io.streamadapt.testing.EchoClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PriorTrackerTest {
    private static final List<String> CLASSES = List.of("a", "b");
    private static final Calibration UNIFORM = Calibration.identity(CLASSES, Map.of("a", 0.5, "b", 0.5));

    /**
     * Requests of two classes, 80% of class a, with calibrated posteriors under equal training priors: a request is a
     * point on a line, class a centred at 0, class b at 2, unit variance, and its probabilities are Bayes' rule.
     */
    private static float[][] requests(int n, Random random) {
        return requests(n, 0.8, random, null);
    }

    /** As above with a share {@code shareA} of class a; {@code labels}, when given, receives each request's class. */
    private static float[][] requests(int n, double shareA, Random random, int[] labels) {
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            boolean a = random.nextDouble() < shareA;
            if (labels != null) {
                labels[i] = a ? 0 : 1;
            }
            double v = (a ? 0 : 2) + random.nextGaussian();
            float pa = (float) (1 / (1 + Math.exp(2 * v - 2)));
            x[i] = new float[]{pa, 1 - pa};
        }
        return x;
    }

    private static PriorTracker.Applied observe(PriorTracker t, ServedModel m, float[][] x) {
        return t.observe(m, x, m.calibratedProba(x));
    }

    @Test
    void correctsOnlyOnceTheWindowHoldsTheMinimumOfRequests() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, 400, 100);
        Random random = new Random(1);
        assertThat(observe(t, m, requests(50, random)).correction()).isEqualTo(Correction.OFF);
        PriorTracker.Applied applied = observe(t, m, requests(100, random));
        assertThat(applied.correction()).isEqualTo(Correction.EM);
        assertThat(applied.weights()[0]).isGreaterThan(1.2);
        assertThat(applied.weights()[1]).isLessThan(0.8);
        double[] corrected = applied.apply(new double[]{0.45, 0.55});
        assertThat(corrected[0]).as("a borderline request now goes to the more frequent class").isGreaterThan(0.5);
        assertThat(corrected[0] + corrected[1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void estimatesThePriorsOfTheWindowWithABootstrapInterval() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, 2_000, 10);
        observe(t, m, requests(2_000, new Random(2)));
        PriorSnapshot s = t.snapshot();
        assertThat(s.requests()).isEqualTo(2_000);
        assertThat(s.of(s.estimate(), "a")).isCloseTo(0.8, within(0.05));
        assertThat(s.of(s.lower(), "a")).isLessThan(s.of(s.estimate(), "a"));
        assertThat(s.of(s.upper(), "a")).isGreaterThan(s.of(s.estimate(), "a"));
        assertThat(s.tv()).isCloseTo(0.3, within(0.05));
        assertThat(s.tvLower()).isLessThanOrEqualTo(s.tv());
        assertThat(s.tvUpper()).isGreaterThanOrEqualTo(s.tv());
        assertThat(s.training()).containsExactly(new double[]{0.5, 0.5}, within(1e-9));
    }

    @Test
    void offStillEstimatesButNeverReweights() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.OFF, 500, 10);
        assertThat(observe(t, m, requests(500, new Random(3))).weights()).isNull();
        assertThat(t.snapshot().of(t.snapshot().estimate(), "a")).isGreaterThan(0.7);
    }

    @Test
    void bbseWithoutAConfusionMatrixDoesNotCorrect() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.BBSE, 500, 10);
        assertThat(observe(t, m, requests(500, new Random(4))).correction()).isEqualTo(Correction.OFF);
        double[][] perfect = {{1, 0}, {0, 1}};
        Calibration withConfusion = new Calibration(1, UNIFORM.trainingPriors(), UNIFORM.trainingPriors(), 100, 100, perfect, 0.0, 0.0);
        ServedModel v2 = new ServedModel(2, new EchoClassifier(CLASSES, 1), withConfusion);
        assertThat(observe(t, v2, requests(100, new Random(5))).correction()).isEqualTo(Correction.BBSE);
    }

    @Test
    void aNewVersionScoresTheWholeWindowAgain() {
        ServedModel v1 = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        AtomicReference<ServedModel> serving = new AtomicReference<>(v1);
        PriorTracker t = new PriorTracker(() -> Optional.of(serving.get()), Correction.EM, 500, 10);
        observe(t, v1, requests(500, new Random(6)));
        double before = t.snapshot().of(t.snapshot().estimate(), "a");
        // the new version is sharper: with the same requests its posteriors are more decisive, so its estimate moves
        serving.set(new ServedModel(2, new EchoClassifier(CLASSES, 3), UNIFORM));
        PriorSnapshot after = t.snapshot();
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.requests()).isEqualTo(500);
        assertThat(after.of(after.estimate(), "a")).isNotCloseTo(before, within(0.01));
    }

    @Test
    void anUnshiftedStreamIsNotReweightedByTheNoiseOfPriorsMeasuredOnFewEvents() {
        // a version fine-tuned on 40 events measured its training priors as 60/40; the requests are 50/50 as before
        Map<String, Double> measured = Map.of("a", 0.6, "b", 0.4);
        ServedModel fewEvents = new ServedModel(1, new EchoClassifier(CLASSES, 1),
                new Calibration(1, measured, measured, 40, 10, null, null, null));
        int[] labels = new int[1_000];
        float[][] x = requests(1_000, 0.5, new Random(7), labels);
        PriorTracker t = new PriorTracker(() -> Optional.of(fewEvents), Correction.EM, 500, 100);
        int corrected = 0;
        int uncorrected = 0;
        for (int from = 0; from < x.length; from += 32) {
            float[][] batch = java.util.Arrays.copyOfRange(x, from, Math.min(x.length, from + 32));
            double[][] p = fewEvents.calibratedProba(batch);
            PriorTracker.Applied applied = t.observe(fewEvents, batch, p);
            assertThat(applied.correction()).as("requests %d..", from).isEqualTo(Correction.OFF);
            for (int i = 0; i < batch.length; i++) {
                corrected += argmax(applied.apply(p[i])) == labels[from + i] ? 1 : 0;
                uncorrected += argmax(p[i]) == labels[from + i] ? 1 : 0;
            }
        }
        assertThat(corrected).isEqualTo(uncorrected);
        assertThat(t.snapshot().shifted()).isFalse();

        // the same priors taken as exact would call the sampling noise a shift and reweight every request
        ServedModel exact = new ServedModel(2, new EchoClassifier(CLASSES, 1), Calibration.identity(CLASSES, measured));
        PriorTracker naive = new PriorTracker(() -> Optional.of(exact), Correction.EM, 500, 100);
        assertThat(naive.observe(exact, x, exact.calibratedProba(x)).correction()).isEqualTo(Correction.EM);
    }

    @Test
    void aRealShiftIsCorrectedEvenWhenTheTrainingPriorsComeFromAFewHundredEvents() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1),
                new Calibration(1, UNIFORM.trainingPriors(), UNIFORM.trainingPriors(), 200, 50, null, null, null));
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, 500, 100);
        PriorTracker.Applied applied = observe(t, m, requests(500, 0.8, new Random(8), null));
        assertThat(applied.correction()).isEqualTo(Correction.EM);
        assertThat(t.snapshot().shifted()).isTrue();
    }

    @Test
    void aCorrectionThatLosesOnLabelledEventsStopsUntilItWinsAgain() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, 500, 100);
        assertThat(observe(t, m, requests(500, new Random(10))).correction()).isEqualTo(Correction.EM);
        // a borderline event: the correction turns it to the frequent class a, uncorrected it stays b
        double[] borderline = {0.45, 0.55};
        t.labelled(CLASSES, borderline, 1);
        t.labelled(CLASSES, borderline, 1);
        assertThat(t.guard()).as("two losses in two are no evidence yet").extracting("events", "wins", "losses", "active").containsExactly(2, 0, 2, true);
        t.labelled(CLASSES, borderline, 1);
        assertThat(t.guard()).extracting("events", "wins", "losses", "active").containsExactly(3, 0, 3, false);
        assertThat(observe(t, m, requests(10, new Random(11))).correction()).as("lost on labelled events").isEqualTo(Correction.OFF);
        assertThat(t.snapshot().shifted()).as("the shift itself is still reported").isTrue();

        t.labelled(CLASSES, borderline, 0);
        t.labelled(CLASSES, borderline, 0);
        assertThat(t.guard()).extracting("events", "wins", "losses", "active").containsExactly(5, 2, 3, true);
        assertThat(observe(t, m, requests(10, new Random(12))).correction()).isEqualTo(Correction.EM);
    }

    @Test
    void aSignificantShiftThatWouldChangeAlmostNoAnswerIsNotCorrected() {
        // two well-separated classes: the shift to 80% of a is clear, but hardly a request sits near the border
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, 500, 100);
        Random random = new Random(17);
        float[][] x = new float[500][];
        for (int i = 0; i < x.length; i++) {
            boolean a = random.nextDouble() < 0.8;
            float pa = (float) (a ? 0.999 - 0.001 * random.nextDouble() : 0.001 * random.nextDouble());
            x[i] = new float[]{pa, 1 - pa};
        }
        assertThat(observe(t, m, x).correction()).isEqualTo(Correction.OFF);
        assertThat(t.snapshot().shifted()).isTrue();
        assertThat(t.guard().expectedGain()).isLessThan(0.01);
        assertThat(t.guard().active()).isFalse();

        PriorTracker borderline = new PriorTracker(() -> Optional.of(m), Correction.EM, 500, 100);
        assertThat(observe(borderline, m, requests(500, new Random(18))).correction()).isEqualTo(Correction.EM);
        assertThat(borderline.guard().expectedGain()).isGreaterThan(0.01);
    }

    @Test
    void onlyDisagreementsCountAndEventsOfAnotherModelAreIgnored() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, 500, 100);
        t.labelled(CLASSES, new double[]{0.45, 0.55}, 1);
        assertThat(t.guard().events()).as("no model seen yet").isZero();
        observe(t, m, requests(500, new Random(13)));
        t.labelled(CLASSES, new double[]{0.9, 0.1}, 0);
        t.labelled(CLASSES, new double[]{0.05, 0.95}, 0);
        t.labelled(List.of("x", "y"), new double[]{0.45, 0.55}, 1);
        assertThat(t.guard()).extracting("events", "wins", "losses", "active").containsExactly(2, 0, 0, true);
    }

    @Test
    void theGuardJudgesTheCurrentEstimateNotTheOneAnEventArrivedUnder() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, 400, 100);
        Random random = new Random(15);
        observe(t, m, requests(400, 0.8, random, null));
        // borderline events of class b: lost by a correction towards a, won by one towards b
        for (int i = 0; i < 6; i++) {
            t.labelled(CLASSES, new double[]{0.55, 0.45}, 1);
        }
        assertThat(t.guard().losses()).isZero();
        assertThat(t.guard().wins()).isZero();
        // the requests turn to class b: once re-estimated, the same kept events are won by the new correction
        observe(t, m, requests(400, 0.1, random, null));
        assertThat(t.guard()).extracting("events", "wins", "losses", "active").containsExactly(6, 6, 0, true);
    }

    @Test
    void labelledEventsFromBeforeAShiftIsFoundDoNotStopItsCorrection() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, 400, 100);
        Random random = new Random(16);
        assertThat(observe(t, m, requests(400, 0.5, random, null)).correction()).isEqualTo(Correction.OFF);
        // borderline events of class b, as labels arrive before the shift: a correction towards a would lose them all
        for (int i = 0; i < 6; i++) {
            t.labelled(CLASSES, new double[]{0.45, 0.55}, 1);
        }
        assertThat(observe(t, m, requests(400, 0.85, random, null)).correction()).isEqualTo(Correction.EM);
        assertThat(t.guard()).extracting("events", "wins", "losses", "active").containsExactly(0, 0, 0, true);
    }

    @Test
    void reestimatesOnceAQuarterOfAFullWindowIsNew() {
        ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
        PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, 800, 100);
        Random random = new Random(9);
        double[] first = observe(t, m, requests(800, random)).weights();
        double firstA = t.snapshot().of(t.snapshot().estimate(), "a");
        // the stream turns to class b: the correction keeps the last estimate until 200 of the 800 rows are new
        for (int i = 0; i < 199; i++) {
            assertThat(observe(t, m, requests(1, 0.0, random, null)).weights()).as("request %d", i).containsExactly(first);
        }
        assertThat(t.snapshot().of(t.snapshot().estimate(), "a")).isEqualTo(firstA);
        observe(t, m, requests(1, 0.0, random, null));
        assertThat(t.snapshot().of(t.snapshot().estimate(), "a")).isLessThan(firstA);
    }

    private static final ServedModel ECHO = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);

    /** A tracker of {@link #ECHO} over 800 requests whose periodic re-estimates wait in {@code queued} until run. */
    private static PriorTracker backgroundTracker(List<Runnable> queued) {
        return new PriorTracker(() -> Optional.of(ECHO), Correction.EM, 800, 100, 0, queued::add);
    }

    @Test
    void aBackgroundReestimateHoldsNoRequestUpAndIsDroppedOnceAnotherVersionServes() {
        List<Runnable> queued = new ArrayList<>();
        PriorTracker t = backgroundTracker(queued);
        Random random = new Random(9);
        double[] first = observe(t, ECHO, requests(800, random)).weights();
        assertThat(queued).as("the first estimate of a version is made at once").isEmpty();
        for (int i = 0; i < 400; i++) {
            assertThat(observe(t, ECHO, requests(1, 0.0, random, null)).weights()).as("request %d", i).containsExactly(first);
        }
        assertThat(queued).as("one re-estimate at a time, however many are due").hasSize(1);
        queued.remove(0).run();
        assertThat(observe(t, ECHO, requests(1, 0.0, random, null)).weights()[0]).as("its result serves the next request")
                .isLessThan(first[0]);
        assertThat(queued).as("the next one starts once the last has ended").hasSize(1);

        ServedModel next = new ServedModel(2, new EchoClassifier(CLASSES, 1), Calibration.identity(CLASSES, Map.of("a", 0.2, "b", 0.8)));
        double[] byNext = observe(t, next, requests(1, 0.0, random, null)).weights();
        queued.remove(0).run();
        assertThat(observe(t, next, requests(1, 0.0, random, null)).weights())
                .as("a result computed for version 1 is not installed for version 2").containsExactly(byNext);
    }

    @Test
    void aSnapshotTakenWhileAReestimateIsRunningDescribesTheCurrentWindowAndTheOlderResultIsNotInstalled() {
        List<Runnable> queued = new ArrayList<>();
        PriorTracker t = backgroundTracker(queued);
        Random random = new Random(9);
        observe(t, ECHO, requests(800, random));
        // the stream turns to class b; a re-estimate starts at the 200th new request and has not run when the stream stops
        for (int i = 0; i < 600; i++) {
            observe(t, ECHO, requests(1, 0.0, random, null));
        }
        assertThat(queued).hasSize(1);
        PriorSnapshot s = t.snapshot();
        double a = s.of(s.estimate(), "a");
        assertThat(a).as("the window now holds 200 requests of the first 800 (80%% a) and 600 of b").isLessThan(0.35);
        assertThat(s.of(s.lower(), "a")).isLessThanOrEqualTo(a);
        assertThat(s.of(s.upper(), "a")).isGreaterThanOrEqualTo(a);

        queued.remove(0).run();
        PriorSnapshot after = t.snapshot();
        assertThat(after.of(after.estimate(), "a")).as("the re-estimate of the older window is dropped").isEqualTo(a);
    }

    private static int argmax(double[] p) {
        return p[0] >= p[1] ? 0 : 1;
    }

    @Test
    void weightsAreClippedSoAnUnknownClassCannotTakeOver() {
        double[] w = PriorTracker.weights(new double[]{0.45, 0.49, 0.0, 0.06}, new double[]{0.02, 0.49, 0.485, 0.005});
        assertThat(w).as("ratio capped at 10, floored at 0.1, an unlearned class not boosted")
                .containsExactly(new double[]{10, 1, 0.1, 1}, within(1e-3));
    }

    /** A tracker whose window holds {@code n} requests, a share {@code shareA} of them of class a, and their classes. */
    private record Observed(PriorTracker tracker, ServedModel model, float[][] x, int[] labels) {
        static Observed window(int n, double shareA, long seed) {
            ServedModel m = new ServedModel(1, new EchoClassifier(CLASSES, 1), UNIFORM);
            PriorTracker t = new PriorTracker(() -> Optional.of(m), Correction.EM, n, 10);
            int[] labels = new int[n];
            float[][] x = requests(n, shareA, new Random(seed), labels);
            observe(t, m, x);
            return new Observed(t, m, x, labels);
        }
    }

    @Test
    void onceEveryRequestsLabelHasArrivedTheEstimateIsTheirCountedClassMix() {
        Observed o = Observed.window(600, 0.7, 21);
        PriorTracker t = o.tracker();
        float[][] x = o.x();
        int[] labels = o.labels();
        double share = 0;
        for (int i = 0; i < x.length; i++) {
            assertThat(arrived(t, CLASSES.get(labels[i]), x[i].clone())).isTrue();
            share += labels[i] == 0 ? 1.0 / x.length : 0;
        }

        PriorSnapshot s = t.snapshot();

        assertThat(s.labelled()).isEqualTo(600);
        assertThat(s.of(s.estimate(), "a")).isCloseTo(share, within(1e-9));
        assertThat(s.lower()[0]).as("the bootstrap still resamples the requests").isLessThan(share);
    }

    @Test
    void labelsThatArriveOnlyForOneClassDoNotPullTheUnlabelledRequestsTowardsIt() {
        // every request of class a gets its label, none of class b: the unlabelled requests are all b, and they are
        // estimated apart, from their own probabilities (taken with the labelled ones, EM would call about a fifth of
        // them a, as their probabilities alone would, and then more under the raised prior of a)
        Observed o = Observed.window(2_000, 0.5, 22);
        PriorTracker t = o.tracker();
        float[][] x = o.x();
        int[] labels = o.labels();
        double before = t.snapshot().of(t.snapshot().estimate(), "a");
        double truth = 0;
        for (int i = 0; i < x.length; i++) {
            if (labels[i] == 0) {
                arrived(t, "a", x[i]);
                truth += 1.0 / x.length;
            }
        }

        PriorSnapshot s = t.snapshot();

        assertThat(s.labelled()).isEqualTo((int) Math.round(truth * x.length));
        assertThat(Math.abs(before - truth)).as("without labels").isLessThan(0.03);
        assertThat(Math.abs(s.of(s.estimate(), "a") - truth)).as("with the labels of class a only").isLessThan(0.04);
    }

    @Test
    void aLabelForNoRequestOfTheWindowOrOfAnUnknownClassChangesNothing() {
        Observed o = Observed.window(100, 0.8, 23);
        PriorTracker t = o.tracker();
        float[][] x = o.x();
        double before = t.snapshot().of(t.snapshot().estimate(), "a");

        assertThat(arrived(t, "a", new float[]{0.123f, 0.877f})).isFalse();
        assertThat(arrived(t, "z", x[5])).isFalse();
        assertThat(arrived(t, "b", x[5])).isTrue();
        assertThat(arrived(t, "b", x[5])).as("each request is labelled once").isFalse();
        assertThat(t.snapshot().labelled()).isEqualTo(1);
        assertThat(t.snapshot().of(t.snapshot().estimate(), "a")).isLessThan(before);
    }

    @Test
    void aLabelledRequestThatLeavesTheWindowTakesItsLabelWithIt() {
        Observed o = Observed.window(100, 0.8, 24);
        PriorTracker t = o.tracker();
        float[][] x = o.x();
        for (int i = 0; i < 5; i++) {
            arrived(t, "a", x[i]);
            arrived(t, "a", x[30 + i]);
            arrived(t, "a", x[40 + i]);
        }
        assertThat(t.snapshot().labelled()).isEqualTo(15);

        // enough new requests for the next estimate
        observe(t, o.model(), requests(40, new Random(25)));

        assertThat(t.snapshot().labelled()).as("the 40 oldest requests made room").isEqualTo(5);
        assertThat(arrived(t, "a", x[0])).isFalse();
    }

    private static boolean arrived(PriorTracker t, String label, float[] features) {
        return t.labelsArrived(List.of(new PriorTracker.ArrivedLabel(label, features)))[0];
    }
}
