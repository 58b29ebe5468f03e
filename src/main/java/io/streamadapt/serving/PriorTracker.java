package io.streamadapt.serving;

import io.streamadapt.labelshift.Calibration;
import io.streamadapt.labelshift.Correction;
import io.streamadapt.labelshift.LabelledWindow;
import io.streamadapt.labelshift.PriorEstimators;
import io.streamadapt.labelshift.PriorSnapshot;
import io.streamadapt.labelshift.Priors;
import io.streamadapt.labelshift.ShiftTest;
import io.streamadapt.model.ServedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Estimates the class priors of the last {@code window} requests this instance served and turns the estimate into the
 * correction of served probabilities: each calibrated probability is multiplied by estimated / training prior of its
 * class, then the row is renormalised (Saerens et al., 2002), before the argmax.
 *
 * <p>The window keeps the requests' features, so when a new version starts serving, the window is scored again by it:
 * an estimate is only ever combined with the training priors of the model whose probabilities it came from. The
 * window is per instance and in memory: after a restart it fills again from new requests. Shared by the stream tasks of
 * an instance, hence synchronised; the bootstrap of the confidence interval runs on a copy, outside the lock.
 *
 * <p>The periodic re-estimates run on an {@link Executor} (in the service, one background thread), on a copy of the
 * window: EM and the shift test over a window of 500 took about a tenth of the serving thread's CPU, and requests need
 * not wait for them. Until a re-estimate ends, requests get the correction of the one before; a result computed for a
 * version that no longer serves is dropped.
 *
 * <p>Its length is the window, the re-scoring on a version change, the significance test and the bootstrap, which share
 * one lock and one ring buffer; split apart they would have to share both.
 */
public final class PriorTracker {
    /**
     * Re-estimation cadence: after every quarter of the window's rows is new, and at least every {@value #MIN_UPDATE}
     * requests. The estimate averages the whole window, so it already lags the stream by half a window; replacing a
     * quarter of the rows moves it by at most a quarter of the way to new priors, and re-estimating more often buys
     * little timeliness for its cost: EM over a window of 500 with the shift test took about a tenth of serving's CPU
     * when it ran every 32 requests, and still a ninth of the serving thread every 62 (an eighth). While the window
     * fills, a quarter of what it holds keeps early estimates responsive.
     */
    static final int UPDATE_FRACTION = 4;
    static final int MIN_UPDATE = 32;
    /**
     * EM stops once no prior moves by this much in an iteration. The estimate of a window of a few hundred requests is
     * uncertain by a few hundredths (see the bootstrap interval), so converging further buys nothing; EM resumes from
     * the last estimate, so its slow directions keep converging over the next updates. Halves the iterations against
     * the estimators' default of 1e-7.
     */
    static final double EM_TOLERANCE = 1e-5;
    static final int BOOTSTRAP = 60;
    static final double MIN_WEIGHT = 0.1;
    static final double MAX_WEIGHT = 10;
    static final double MIN_LEARNED = 0.01;
    /**
     * Weight of the training priors in the estimate, as a share of the window's rows (a Dirichlet prior: maximum a
     * posteriori instead of maximum likelihood). A version trained on a few hundred labels confuses some classes, and
     * plain EM then drives one of a confused pair to zero. Measured on digits and fashion over several shifts, seeds and
     * points of the stream, 0.05 lowered the mean l1 error of the estimate from 0.10 to 0.08 (digits) and from 0.35 to
     * 0.28 (fashion); 0.1 and more pulled real shifts too far back.
     */
    static final double PRIOR_STRENGTH = 0.05;

    private final Supplier<Optional<ServedModel>> serving;
    private final Correction method;
    private final int capacity;
    private final int minRequests;
    private final double minGain;
    private final float[][] features;
    private double[][] probabilities;
    /**
     * Each slot's probabilities as its request was served, before any version could have learned its label: a new
     * version scores the window again ({@link #probabilities}) but leaves these, so whether the labelled requests are a
     * random share of the window is judged on what no version trained on (see {@link LabelledWindow}).
     */
    private double[][] asServed;
    /**
     * Class index of each window slot's request once a labelled event with its features has arrived, -1 until then.
     * Such a request's class is known, not estimated: the estimate counts it (see {@link LabelledWindow}).
     */
    private final int[] known;
    /** A label arrived for a request of the window since the last estimate. */
    private boolean knownSinceEstimate;
    private int head;
    private int size;
    private int sinceUpdate;
    private long updates;
    /** Requests observed so far, and how many of them the current estimate's window had seen: an older result is not installed. */
    private long observed;
    private long estimatedAt;
    private ServedModel model;
    /** The serving model's training priors, read once per version: computing them from its calibration's map costs. */
    private double[] trainingPriors;
    private double[] estimate;
    /** The correction of the current estimate (once the window holds {@code minRequests}); changes only with it. */
    private Applied correction = Applied.NONE;
    /** The current estimate's correction, whether applied or not: what the guard judges on labelled events. */
    private Applied candidate = Applied.NONE;
    private final CorrectionGuard guard = new CorrectionGuard();
    private CorrectionGuard.Verdict verdict = CorrectionGuard.Verdict.NONE;
    private double expectedGain;
    /** Whether the last estimate found a shift, whichever version it was of; {@link #shifted} restarts with a version. */
    private boolean lastShifted;
    private boolean shifted;
    private PriorSnapshot cached = PriorSnapshot.EMPTY;
    private long cachedAt = -1;
    private final Executor background;
    /** A periodic re-estimate is running on {@link #background}: at most one at a time. */
    private boolean estimating;
    /** Counts versions adopted: a re-estimate started under an earlier one is not installed. */
    private long generation;

    /**
     * How the current estimate's correction does on the last {@value CorrectionGuard#WINDOW} labelled events, each
     * scored before it was learned: on how many only the corrected prediction is right ({@code wins}), on how many only
     * the uncorrected one ({@code losses}); the share of the window's answers the correction expects to turn right, by
     * its own corrected probabilities ({@code expectedGain}); and whether the correction is applied now.
     */
    public record Guard(int events, int wins, int losses, double expectedGain, boolean active) {
    }

    /** A correction as applied to one batch: its name and the per-class weights (null: none). */
    public record Applied(Correction correction, double[] weights) {
        static final Applied NONE = new Applied(Correction.OFF, null);

        /** The row reweighted and renormalised; the row itself when no correction applies. */
        public double[] apply(double[] p) {
            if (weights == null) {
                return p;
            }
            double[] out = new double[p.length];
            double s = 0;
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i] * weights[i];
                s += out[i];
            }
            if (!(s > 0)) {
                return p;
            }
            for (int i = 0; i < p.length; i++) {
                out[i] /= s;
            }
            return out;
        }
    }

    /**
     * @param serving     the version serving now (the window is re-scored when it changes)
     * @param method      correction applied to served probabilities; the estimate is computed (EM) even when off
     * @param window      requests the estimate is taken over
     * @param minRequests requests needed before a correction is applied
     */
    public PriorTracker(Supplier<Optional<ServedModel>> serving, Correction method, int window, int minRequests) {
        this(serving, method, window, minRequests, CorrectionGuard.MIN_EXPECTED_GAIN);
    }

    /**
     * Re-estimates on the calling thread, as soon as they are due.
     *
     * @param minGain share of the window's answers the correction must expect to turn right to be applied
     */
    public PriorTracker(Supplier<Optional<ServedModel>> serving, Correction method, int window, int minRequests, double minGain) {
        this(serving, method, window, minRequests, minGain, Runnable::run);
    }

    /** @param background where the periodic re-estimates run (see {@link #backgroundThread()}) */
    public PriorTracker(Supplier<Optional<ServedModel>> serving, Correction method, int window, int minRequests, double minGain,
                        Executor background) {
        this.background = background;
        this.serving = serving;
        this.method = method;
        this.capacity = window;
        this.minRequests = minRequests;
        this.minGain = minGain;
        this.features = new float[window][];
        this.probabilities = new double[window][];
        this.asServed = new double[window][];
        this.known = new int[window];
        Arrays.fill(known, -1);
    }

    public Correction method() {
        return method;
    }

    /**
     * Adds a scored batch to the window and returns the correction to apply to it.
     *
     * @param calibrated the batch's calibrated probabilities by {@code served}
     */
    public synchronized Applied observe(ServedModel served, float[][] x, double[][] calibrated) {
        if (model == null || model.version() != served.version()) {
            adopt(served);
        }
        for (int i = 0; i < x.length; i++) {
            features[head] = x[i];
            probabilities[head] = calibrated[i];
            asServed[head] = calibrated[i];
            known[head] = -1;
            head = (head + 1) % capacity;
            size = Math.min(capacity, size + 1);
        }
        sinceUpdate += x.length;
        observed += x.length;
        if (estimate == null) {
            reestimate();
        } else if (!estimating && due()) {
            reestimateInBackground();
        }
        // shared by the requests until the next estimate: Applied never writes its weights
        return size < minRequests ? Applied.NONE : correction;
    }

    /**
     * Estimated / training prior per class, clipped to [{@value #MIN_WEIGHT}, {@value #MAX_WEIGHT}]. A class whose
     * training prior is below {@value #MIN_LEARNED} (the version hardly ever predicts it on its own training data) is
     * never boosted: the version has not learned what it looks like, so its probabilities for it carry no evidence, and
     * a large ratio would turn every request with a trace of that class into it.
     */
    public static double[] weights(double[] estimate, double[] trainingPriors) {
        double[] train = PriorEstimators.floored(trainingPriors);
        double[] w = new double[estimate.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, estimate[i] / train[i]));
            if (trainingPriors[i] < MIN_LEARNED) {
                w[i] = Math.min(1, w[i]);
            }
        }
        return w;
    }

    /** The figures of the current window, with a bootstrap confidence interval; cached until the window changes. */
    public PriorSnapshot snapshot() {
        LabelledWindow rows;
        ServedModel m;
        double[] est;
        double[] train;
        boolean significant;
        long at;
        synchronized (this) {
            serving.get().ifPresent(s -> {
                if (model == null || s.version() != model.version()) {
                    adopt(s);
                    if (size > 0) {
                        reestimate();
                    }
                }
            });
            if (model == null || estimate == null || size == 0) {
                return PriorSnapshot.EMPTY;
            }
            if (estimating || due() || knownSinceEstimate) {
                // a re-estimate is running on rows that are already old, or is due and none was started since (no
                // request came after the last one ended): estimate here, so the figures are at most a cadence behind
                // the window their interval is taken over
                reestimate();
            }
            if (cachedAt == updates) {
                return cached;
            }
            rows = window();
            m = model;
            est = estimate.clone();
            train = trainingPriors.clone();
            significant = shifted;
            at = updates;
        }
        PriorSnapshot s = bootstrap(rows, m, est, significant, train);
        synchronized (this) {
            if (at == updates) {
                cached = s;
                cachedAt = at;
            }
        }
        return s;
    }

    private PriorSnapshot bootstrap(LabelledWindow rows, ServedModel m, double[] est, boolean significant, double[] train) {
        int k = est.length;
        Correction by = estimator(m);
        Random random = new Random(rows.size() * 31L + m.version());
        double[][] draws = new double[k][BOOTSTRAP];
        double[] tvs = new double[BOOTSTRAP];
        for (int b = 0; b < BOOTSTRAP; b++) {
            double[] q = estimate(by, m, train, rows.resample(random));
            for (int c = 0; c < k; c++) {
                draws[c][b] = q[c];
            }
            tvs[b] = Priors.totalVariation(q, train);
        }
        double[] lower = new double[k];
        double[] upper = new double[k];
        for (int c = 0; c < k; c++) {
            Arrays.sort(draws[c]);
            lower[c] = percentile(draws[c], 0.025);
            upper[c] = percentile(draws[c], 0.975);
        }
        Arrays.sort(tvs);
        return new PriorSnapshot(List.copyOf(m.model().classes()), est, lower, upper, train, Priors.totalVariation(est, train),
                percentile(tvs, 0.025), percentile(tvs, 0.975), rows.size(), rows.labelled(), rows.correctsUnlabelled(k), m.version(), by, m.temperature(), significant);
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    /** Re-scores the window with a newly serving version, so estimate and training priors refer to the same model. */
    private void adopt(ServedModel served) {
        generation++;
        boolean otherClasses = model != null && !model.model().classes().equals(served.model().classes());
        if (otherClasses) {
            // a known label is an index into the classes: another class list would read it as another class
            Arrays.fill(known, -1);
        }
        model = served;
        trainingPriors = served.trainingPriors();
        estimate = null;
        shifted = false;
        correction = Applied.NONE;
        candidate = Applied.NONE;
        expectedGain = 0;
        if (size == 0) {
            return;
        }
        int[] idx = order();
        float[][] x = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            x[i] = features[idx[i]];
        }
        double[][] p = served.calibratedProba(x);
        probabilities = new double[capacity][];
        for (int i = 0; i < idx.length; i++) {
            probabilities[idx[i]] = p[i];
        }
        if (otherClasses) {
            asServed = probabilities.clone();
        }
    }

    private boolean due() {
        return sinceUpdate >= Math.max(MIN_UPDATE, size / UPDATE_FRACTION);
    }

    /** The service's: one daemon thread, gone when idle; one is enough, as {@link #estimating} allows one job at a time. */
    public static Executor backgroundThread() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "label-shift-estimate");
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** A re-estimate's results, computed from a copy of the window without the lock. */
    private record Estimate(double[] estimate, boolean shifted, Applied candidate, double expectedGain) {
    }

    private void reestimate() {
        sinceUpdate = 0;
        knownSinceEstimate = false;
        install(compute(model, trainingPriors, estimate, window()), observed);
    }

    private void reestimateInBackground() {
        sinceUpdate = 0;
        knownSinceEstimate = false;
        estimating = true;
        ServedModel m = model;
        double[] train = trainingPriors;
        double[] start = estimate;
        LabelledWindow rows = window();
        long started = generation;
        long at = observed;
        try {
            background.execute(() -> {
                Estimate e = null;
                try {
                    e = compute(m, train, start, rows);
                } finally {
                    synchronized (this) {
                        estimating = false;
                        if (e != null && started == generation) {
                            install(e, at);
                        }
                    }
                }
            });
        } catch (RuntimeException rejected) {
            estimating = false;
            throw rejected;
        }
    }

    /** A copy of the window as it is now (the ring moves on while a re-estimate runs); its order does not matter. */
    private LabelledWindow window() {
        return new LabelledWindow(Arrays.copyOf(probabilities, size), Arrays.copyOf(asServed, size), Arrays.copyOf(known, size));
    }

    /** Pure: reads nothing of the tracker but {@link #method}, so it runs outside the lock. */
    private Estimate compute(ServedModel m, double[] train, double[] start, LabelledWindow w) {
        Correction by = estimator(m);
        double[][] unlabelled = w.unlabelledRows();
        // the window moved by a few rows since the last estimate of the same version: EM resumes from there
        double[] q = by == Correction.EM
                ? w.combine(PriorEstimators.em(unlabelled, train, start, EM_TOLERANCE, PRIOR_STRENGTH * unlabelled.length), train)
                : estimate(by, m, train, w);
        double[] em = by == Correction.EM ? q : estimate(Correction.EM, m, train, w);
        long reference = m.calibration() == null ? 0 : m.calibration().trainingEvents();
        int k = em.length;
        boolean significant = ShiftTest.significant(ShiftTest.statistic(w.certainRows(k), train, em, reference), k);
        Applied c = new Applied(method, weights(q, train));
        // the gain a correction expects is on the answers it would change: every request's probabilities as served
        return new Estimate(q, significant, c, CorrectionGuard.expectedGain(c, w.probabilities()));
    }

    /** Installs {@code e}, computed on the window as it was after {@code at} requests, unless a newer estimate is in. */
    private void install(Estimate e, long at) {
        if (at < estimatedAt) {
            return;
        }
        estimatedAt = at;
        updates++;
        estimate = e.estimate();
        shifted = e.shifted();
        if (shifted && !lastShifted) {
            // labels lag the requests: those kept so far come from the priors before the shift, and would blame the
            // correction for correcting
            guard.clear();
        }
        lastShifted = shifted;
        candidate = e.candidate();
        expectedGain = e.expectedGain();
        decide();
    }

    /**
     * Applies the correction only while the shift is significant and the correction has not clearly lost to the
     * uncorrected prediction on recent labelled events. A version trained on a few hundred labels can be calibrated badly enough
     * that reweighting by a correct-looking estimate makes its answers worse (measured on fashion: up to 25 points);
     * the labelled events that keep arriving show that, so the service stops correcting instead of staying worse. Labels
     * come late, though, and a correction that expects to gain little is not worth the risk of its estimate: below
     * {@code labelshift.min-gain} ({@link CorrectionGuard#MIN_EXPECTED_GAIN} by default) it is not applied at all.
     */
    private void decide() {
        verdict = guard.judge(candidate);
        correction = method == Correction.OFF || !shifted || !canEstimate(method, model) || verdict.lost()
                || expectedGain < minGain ? Applied.NONE : candidate;
    }

    /**
     * A labelled event, scored before it was learned: kept to judge the correction against no correction.
     *
     * @param classes    the classes of {@code calibrated}; an event of another model's classes is ignored
     * @param calibrated the event's calibrated probabilities by the newest version
     * @param label      index of its class in {@code classes}
     */
    public synchronized void labelled(List<String> classes, double[] calibrated, int label) {
        if (model == null || label < 0 || !classes.equals(model.model().classes())) {
            return;
        }
        guard.add(calibrated, label);
        if (candidate.weights() != null) {
            decide();
        }
    }

    /** Requests observed since start-up: the window has changed when this has. */
    public synchronized long observedRequests() {
        return observed;
    }

    /** A labelled event's class and features, as they reach the window. */
    public record ArrivedLabel(String label, float[] features) {
    }

    /**
     * Labelled events arrived ({@link LabelArrivals} reports them): when a request of the window has exactly an event's
     * features and no label yet (the newest such request), that request's class is known from now on, so the estimate
     * counts it instead of estimating it. Labels that arrive for served requests are the best evidence of the window's
     * class mix there is; a classifier trained on a few hundred labels confuses some classes, and every request whose
     * label is known takes that error out of the estimate. Labels that arrive only for some classes still count
     * exactly; the requests without a label are estimated from their probabilities as before.
     *
     * <p>The window's unlabelled requests are indexed by their features once per call, off the serving path and outside
     * the lock the serving thread takes (a copy of the window's references is indexed, then each match is checked
     * against the window as it is by then): labels are far fewer than requests, and come in batches. An index costs
     * about 170 ns per request of the window (0.84 ms for 5,000 requests of 64 features, 10.7 ms for 50,000).
     *
     * @return for each label, whether a request of the window was labelled by it
     */
    public boolean[] labelsArrived(List<ArrivedLabel> labels) {
        boolean[] matched = new boolean[labels.size()];
        float[][] rows;
        int[] marks;
        int newest;
        int n;
        List<String> classes;
        synchronized (this) {
            if (model == null || size == 0 || labels.isEmpty()) {
                return matched;
            }
            rows = features.clone();
            marks = known.clone();
            newest = head;
            n = size;
            classes = model.model().classes();
        }
        // newest first: of several requests with the same features, the newest unlabelled one takes the label
        Map<Integer, List<Integer>> unlabelled = new HashMap<>();
        for (int back = 1; back <= n; back++) {
            int slot = Math.floorMod(newest - back, capacity);
            if (marks[slot] < 0) {
                unlabelled.computeIfAbsent(Arrays.hashCode(rows[slot]), h -> new ArrayList<>(1)).add(slot);
            }
        }
        synchronized (this) {
            if (model == null || !model.model().classes().equals(classes)) {
                return matched;
            }
            for (int i = 0; i < matched.length; i++) {
                ArrivedLabel l = labels.get(i);
                int c = classes.indexOf(l.label());
                List<Integer> slots = c < 0 ? null : unlabelled.get(Arrays.hashCode(l.features()));
                if (slots == null) {
                    continue;
                }
                for (Iterator<Integer> it = slots.iterator(); it.hasNext(); ) {
                    int slot = it.next();
                    // the slot may have taken a newer request, or a label, since the copy
                    if (features[slot] == rows[slot] && known[slot] < 0 && Arrays.equals(rows[slot], l.features())) {
                        known[slot] = c;
                        knownSinceEstimate = true;
                        matched[i] = true;
                        it.remove();
                        break;
                    }
                }
            }
        }
        return matched;
    }

    public synchronized Guard guard() {
        return new Guard(verdict.events(), verdict.wins(), verdict.losses(), expectedGain, correction.weights() != null);
    }

    private int[] order() {
        int[] idx = new int[size];
        int start = size < capacity ? 0 : head;
        for (int i = 0; i < size; i++) {
            idx[i] = (start + i) % capacity;
        }
        return idx;
    }

    /** The estimator behind the figures: BBSE when configured and the version has a confusion matrix, else EM. */
    private Correction estimator(ServedModel m) {
        return method == Correction.BBSE && canEstimate(Correction.BBSE, m) ? Correction.BBSE : Correction.EM;
    }

    private static boolean canEstimate(Correction c, ServedModel m) {
        return c != Correction.BBSE || (m.calibration() != null && m.calibration().hasConfusion());
    }

    private static double[] estimate(Correction by, ServedModel m, double[] trainingPriors, LabelledWindow w) {
        int k = m.model().classes().size();
        double[][] rows = w.unlabelledRows();
        if (by == Correction.BBSE) {
            Calibration c = m.calibration();
            return w.combine(PriorEstimators.bbse(c.confusion(), PriorEstimators.predictedShare(rows, k)), trainingPriors);
        }
        return w.combine(PriorEstimators.em(rows, trainingPriors, null, EM_TOLERANCE, PRIOR_STRENGTH * rows.length), trainingPriors);
    }
}
