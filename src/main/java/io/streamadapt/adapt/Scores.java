package io.streamadapt.adapt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Scores of class probabilities against labelled examples, shared by the gate, the trainer and the baselines. */
public final class Scores {
    private Scores() {
    }

    /** Whether the most probable class of each row is the example's label. */
    public static boolean[] hits(List<String> classes, double[][] p, List<Example> examples) {
        int[] pred = Classifier.argmax(p);
        boolean[] hit = new boolean[pred.length];
        for (int i = 0; i < pred.length; i++) {
            hit[i] = classes.get(pred[i]).equals(examples.get(i).label());
        }
        return hit;
    }

    /** Share of true values, NaN when there are none. */
    public static double accuracy(boolean[] hits) {
        int n = 0;
        for (boolean h : hits) {
            if (h) {
                n++;
            }
        }
        return Probabilities.accuracy(n, hits.length);
    }

    /** Accuracy of a model on examples, NaN when there are none. */
    public static double accuracy(Classifier model, List<Example> examples) {
        if (examples.isEmpty()) {
            return Double.NaN;
        }
        return accuracy(hits(model.classes(), model.predictProba(Examples.featuresOf(examples)), examples));
    }

    /** Mean negative log-probability of the true label (a label the model does not know scores as probability 0). */
    public static double crossEntropy(List<String> classes, double[][] p, List<Example> examples) {
        int[] truth = new int[examples.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = classes.indexOf(examples.get(i).label());
        }
        return Probabilities.crossEntropy(truth, p);
    }

    public static boolean finite(double[][] p) {
        for (double[] row : p) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * One class takes at least {@code share} of the predictions although no class has more than half of the true labels
     * (fewer than 10 examples never count as collapsed).
     */
    public static boolean collapsed(double[][] p, List<Example> examples, double share) {
        if (examples.size() < 10) {
            return false;
        }
        int[] pred = Classifier.argmax(p);
        Map<Integer, Integer> predicted = new HashMap<>();
        for (int k : pred) {
            predicted.merge(k, 1, Integer::sum);
        }
        Map<String, Integer> truth = new HashMap<>();
        for (Example e : examples) {
            truth.merge(e.label(), 1, Integer::sum);
        }
        int maxPred = predicted.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int maxTrue = truth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return maxPred >= share * pred.length && maxTrue <= 0.5 * examples.size();
    }
}
