package io.streamadapt.adapt;

import java.util.ArrayList;
import java.util.List;

/**
 * A classic streaming learner as a yardstick: Gaussian naive Bayes trained on the first k labels of the stream, which is
 * what incremental learners such as those of MOA or River start from. On small tabular streams it learns fast; the
 * network should not trail it.
 */
public final class NaiveBayesBaseline {
    /**
     * Added to each class's variance of a feature, as a share of that feature's variance over all classes: with a handful
     * of labels per class many sample variances are zero, and a mild floor keeps one unseen value from vetoing a class.
     * Per feature, because tabular features come in different units.
     */
    static final double VARIANCE_SMOOTHING = 1e-2;

    private NaiveBayesBaseline() {
    }

    public static List<Simulation.Point> run(LabelledTable stream, LabelledTable eval, int[] checkpoints) {
        List<Simulation.Point> out = new ArrayList<>();
        for (int k : checkpoints) {
            if (k > stream.size()) {
                break;
            }
            out.add(new Simulation.Point(k, accuracy(stream, k, eval), 0));
        }
        return out;
    }

    static double accuracy(LabelledTable stream, int k, LabelledTable eval) {
        int classes = stream.classCount();
        int d = stream.featureCount();
        double[] count = new double[classes];
        double[][] mean = new double[classes][d];
        double[][] m2 = new double[classes][d];
        for (int i = 0; i < k; i++) {
            int c = stream.labels()[i];
            count[c]++;
            float[] x = stream.features()[i];
            for (int j = 0; j < d; j++) {
                // Welford's update: the incremental form a streaming learner uses
                double delta = x[j] - mean[c][j];
                mean[c][j] += delta / count[c];
                m2[c][j] += delta * (x[j] - mean[c][j]);
            }
        }
        double[] eps = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0, sumSq = 0;
            for (int i = 0; i < k; i++) {
                double v = stream.features()[i][j];
                sum += v;
                sumSq += v * v;
            }
            double var = Math.max(0, sumSq / k - (sum / k) * (sum / k));
            eps[j] = VARIANCE_SMOOTHING * var + 1e-9;
        }
        int hits = 0;
        for (int i = 0; i < eval.size(); i++) {
            float[] x = eval.features()[i];
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                if (count[c] == 0) {
                    continue;
                }
                double score = Math.log(count[c] / k);
                for (int j = 0; j < d; j++) {
                    double var = m2[c][j] / count[c] + eps[j];
                    double diff = x[j] - mean[c][j];
                    score -= 0.5 * (Math.log(2 * Math.PI * var) + diff * diff / var);
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            if (best == eval.labels()[i]) {
                hits++;
            }
        }
        return eval.size() == 0 ? Double.NaN : hits / (double) eval.size();
    }
}
