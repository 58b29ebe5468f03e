package io.streamadapt.serving;

import io.streamadapt.adapt.Gate;
import java.util.Arrays;

/**
 * Judges a label-shift correction on the most recent labelled events, each scored before it was learned: on how many
 * would only the corrected prediction be right (wins), on how many only the uncorrected one (losses). The weights are
 * judged as they are now on every kept event, so an estimate that has just moved to a new shift is not blamed for what
 * an older estimate did. {@link PriorTracker} clears it when a shift is first found. Not thread-safe: {@link PriorTracker} calls it under its lock.
 */
final class CorrectionGuard {
    /** Labelled events the correction is judged on. */
    static final int WINDOW = 100;
    /**
     * The correction stops once it loses more kept events than it wins with a one-sided exact McNemar p below this.
     * Lenient on purpose: a wrongly stopped correction costs its gain, a wrongly kept one makes answers worse.
     */
    static final double ALPHA = 0.2;

    /**
     * The default least share of answers ({@code labelshift.min-gain}) a correction must expect to turn right, by its own corrected probabilities, to be
     * applied. Offline, with the service's trainer on the demo's labelled events (digits and fashion, three shifts, two
     * seeds, three points of the stream), every correction that expected less than 1% gained nothing or lost (-2.7 to
     * 0 points on the requests): it believes its own estimate, and a small change is mostly the estimate's noise.
     */
    static final double MIN_EXPECTED_GAIN = 0.01;

    private final double[][] rows = new double[WINDOW][];
    private final int[] labels = new int[WINDOW];
    private int head;
    private int size;

    /** The result of judging one set of weights. */
    record Verdict(int events, int wins, int losses) {
        static final Verdict NONE = new Verdict(0, 0, 0);

        boolean lost() {
            return losses > wins && Gate.mcNemarOneSided(losses, wins) < ALPHA;
        }
    }

    /** Keeps a labelled event's calibrated probabilities and class, dropping the oldest beyond {@link #WINDOW}. */
    void add(double[] calibrated, int label) {
        rows[head] = calibrated;
        labels[head] = label;
        head = (head + 1) % WINDOW;
        size = Math.min(WINDOW, size + 1);
    }

    /** Forgets every kept event. */
    void clear() {
        Arrays.fill(rows, null);
        head = 0;
        size = 0;
    }

    /** How {@code correction} does on the kept events of as many classes as it has weights. */
    Verdict judge(PriorTracker.Applied correction) {
        if (correction.weights() == null) {
            return Verdict.NONE;
        }
        int wins = 0;
        int losses = 0;
        int events = 0;
        for (int i = 0; i < size; i++) {
            if (rows[i].length != correction.weights().length) {
                continue;
            }
            events++;
            boolean corrected = argmax(rows[i], correction.weights()) == labels[i];
            boolean plain = argmax(rows[i], null) == labels[i];
            wins += corrected && !plain ? 1 : 0;
            losses += plain && !corrected ? 1 : 0;
        }
        return new Verdict(events, wins, losses);
    }

    /**
     * The share of {@code rows} the correction expects to turn right: per row, the corrected probability of the
     * corrected answer minus that of the uncorrected answer, averaged. Never negative; 0 without weights.
     */
    static double expectedGain(PriorTracker.Applied correction, double[][] rows) {
        if (correction.weights() == null || rows.length == 0) {
            return 0;
        }
        // runs on the serving thread at each re-estimate: reweighted in place, no row copied
        double[] w = correction.weights();
        double sum = 0;
        for (double[] row : rows) {
            double total = 0;
            for (int c = 0; c < row.length; c++) {
                total += row[c] * w[c];
            }
            if (total > 0) {
                int a = argmax(row, w);
                int b = argmax(row, null);
                sum += (row[a] * w[a] - row[b] * w[b]) / total;
            }
        }
        return sum / rows.length;
    }

    /** The most probable class of {@code p} reweighted by {@code weights} (null: as it is); the first on a tie. */
    private static int argmax(double[] p, double[] weights) {
        int best = 0;
        double top = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < p.length; c++) {
            double v = weights == null ? p[c] : p[c] * weights[c];
            if (v > top) {
                top = v;
                best = c;
            }
        }
        return best;
    }
}
