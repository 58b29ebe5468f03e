package io.streamadapt.adapt;

import java.util.List;

/**
 * Decides whether a candidate may replace the current version. Both are scored on the same recent target events that
 * neither was trained on. A candidate is rejected when it is worse than the current model by more than the margin, when
 * it diverged (non-finite outputs) or when it collapsed (nearly every event predicted as one class while the true labels
 * are varied).
 */
public final class Gate {
    static final double COLLAPSE_SHARE = 0.9;
    private final double margin;

    public Gate(double margin) {
        this.margin = margin;
    }

    public GateResult judge(Classifier current, Classifier candidate, List<Example> holdout) {
        float[][] x = new float[holdout.size()][];
        for (int i = 0; i < x.length; i++) x[i] = holdout.get(i).features();
        double[][] candidateP = candidate.predictProba(x);
        double[][] currentP = current.predictProba(x);
        double curAcc = accuracy(current.classes(), currentP, holdout);
        double curCe = crossEntropy(current.classes(), currentP, holdout);
        if (!finite(candidateP)) {
            return new GateResult(false, "diverged", curAcc, Double.NaN, curCe, Double.NaN, holdout.size());
        }
        double candAcc = accuracy(candidate.classes(), candidateP, holdout);
        double candCe = crossEntropy(candidate.classes(), candidateP, holdout);
        if (collapsed(candidateP, holdout, candidate.classes())) {
            return new GateResult(false, "collapsed", curAcc, candAcc, curCe, candCe, holdout.size());
        }
        boolean ok = holdout.isEmpty() || candAcc >= curAcc - margin;
        return new GateResult(ok, ok ? "accepted" : "worse", curAcc, candAcc, curCe, candCe, holdout.size());
    }

    private static boolean finite(double[][] p) {
        for (double[] row : p) for (double v : row) if (!Double.isFinite(v)) return false;
        return true;
    }

    static double accuracy(List<String> classes, double[][] p, List<Example> holdout) {
        if (holdout.isEmpty()) return Double.NaN;
        int[] pred = Classifier.argmax(p);
        int hit = 0;
        for (int i = 0; i < pred.length; i++) if (classes.get(pred[i]).equals(holdout.get(i).label())) hit++;
        return hit / (double) holdout.size();
    }

    static double crossEntropy(List<String> classes, double[][] p, List<Example> holdout) {
        if (holdout.isEmpty()) return Double.NaN;
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            int k = classes.indexOf(holdout.get(i).label());
            double pt = k < 0 ? 0 : p[i][k];
            sum -= Math.log(Math.max(pt, 1e-15));
        }
        return sum / p.length;
    }

    /** One class takes at least 90% of the predictions although no class has more than half of the true labels. */
    private static boolean collapsed(double[][] p, List<Example> holdout, List<String> classes) {
        if (holdout.size() < 10) return false;
        int[] pred = Classifier.argmax(p);
        int[] predCount = new int[classes.size()];
        for (int k : pred) predCount[k]++;
        java.util.Map<String, Integer> truth = new java.util.HashMap<>();
        for (Example e : holdout) truth.merge(e.label(), 1, Integer::sum);
        int maxPred = java.util.Arrays.stream(predCount).max().orElse(0);
        int maxTrue = truth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return maxPred >= COLLAPSE_SHARE * pred.length && maxTrue <= 0.5 * holdout.size();
    }
}
