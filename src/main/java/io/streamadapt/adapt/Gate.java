package io.streamadapt.adapt;

import java.util.List;

/**
 * Decides whether a candidate may replace the current version. Both are scored on the same recent target events that
 * neither was trained on, and compared event by event: only the events one model gets right and the other wrong
 * (the discordant pairs) say anything about which is better. A candidate is rejected as {@link GateVerdict#WORSE} when
 * an exact one-sided McNemar test on those pairs says it is worse with p below {@code alpha} <em>and</em> its accuracy
 * is more than {@code margin} below the current one; as {@link GateVerdict#DIVERGED} when it outputs non-finite values;
 * as {@link GateVerdict#COLLAPSED} when nearly every event is predicted as one class while the true labels are varied.
 *
 * <p>Why this rule: a candidate has learned from strictly more labels than the model it would replace, so the gate's
 * job is to stop a step that hurt, not to demand proof of improvement from a few dozen events. Comparing two point
 * estimates on 200 events rejects good candidates on a difference of one or two events; the paired test does not.
 */
public final class Gate {
    static final double COLLAPSE_SHARE = 0.9;
    private final double margin;
    private final double alpha;

    public Gate(double margin, double alpha) {
        if (alpha <= 0 || alpha >= 1) {
            throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
        }
        this.margin = margin;
        this.alpha = alpha;
    }

    public GateResult judge(Classifier current, Classifier candidate, List<Example> holdout) {
        float[][] x = Examples.featuresOf(holdout);
        double[][] candidateP = candidate.predictProba(x);
        double[][] currentP = current.predictProba(x);
        boolean[] curHit = Scores.hits(current.classes(), currentP, holdout);
        double curAcc = Scores.accuracy(curHit);
        double curCe = Scores.crossEntropy(current.classes(), currentP, holdout);
        if (!Scores.finite(candidateP)) {
            return new GateResult(GateVerdict.DIVERGED, curAcc, Double.NaN, curCe, Double.NaN, holdout.size(), 0, 0, 1);
        }
        boolean[] candHit = Scores.hits(candidate.classes(), candidateP, holdout);
        double candAcc = Scores.accuracy(candHit);
        double candCe = Scores.crossEntropy(candidate.classes(), candidateP, holdout);
        int candOnly = 0, curOnly = 0;
        for (int i = 0; i < curHit.length; i++) {
            if (candHit[i] && !curHit[i]) {
                candOnly++;
            }
            if (curHit[i] && !candHit[i]) {
                curOnly++;
            }
        }
        double p = mcNemarOneSided(curOnly, candOnly);
        GateVerdict verdict;
        if (Scores.collapsed(candidateP, holdout, COLLAPSE_SHARE)) {
            verdict = GateVerdict.COLLAPSED;
        } else if (p < alpha && candAcc < curAcc - margin) {
            verdict = GateVerdict.WORSE;
        } else {
            verdict = GateVerdict.ACCEPTED;
        }
        return new GateResult(verdict, curAcc, candAcc, curCe, candCe, holdout.size(), candOnly, curOnly, p);
    }

    /**
     * Whether the candidate of {@code r} is sound and, over the held-out events and {@code earlier} paired evidence
     * together, right on more of the events where the two disagree than the current model. The negative-transfer guard
     * asks this of the scratch shadow: a model that does better without transfer should serve. A point estimate is
     * enough here because the two lines keep their own weights: a switch on a lead that was noise is undone by a later
     * step and does not cost the fine-tuned line its transfer.
     */
    public static boolean beats(GateResult r, Discordant earlier) {
        return r.accepted() && r.holdoutSize() > 0
                && r.candidateOnlyRight() + earlier.candidateOnly() > r.currentOnlyRight() + earlier.currentOnly();
    }

    /** Events where only the candidate, or only the current model, was right (see {@link PairedScores}). */
    public record Discordant(int candidateOnly, int currentOnly) {
        public static final Discordant NONE = new Discordant(0, 0);
    }

    /**
     * Exact one-sided McNemar test: the probability of at least {@code against} of the {@code against + for} discordant
     * pairs going one way if both ways were equally likely (a binomial tail with p = 1/2).
     */
    public static double mcNemarOneSided(int against, int inFavour) {
        int n = against + inFavour;
        if (n == 0 || against <= inFavour) {
            return 1.0;
        }
        return Binomial.atLeast(against, n, 0.5);
    }
}
