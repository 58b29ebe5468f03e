package io.streamadapt.adapt;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the source model knows something about the target: right on labelled target events significantly more often
 * than chance. Only then is replaying source examples worth it ({@code joint}): where the source task conflicts with
 * the target (fashion's inverted images, on which the source model is right 4% of the time), the source head pulls the
 * shared trunk the wrong way, and the fine-tuned line served the fashion demo's shifted half at 0.41 to 0.69 against
 * 0.71 to 0.75 without it.
 */
public final class SourceTransfer {
    /** One-sided level: on the first micro-batch of 10 labels, 5 right in 10 classes (chance 0.1) passes, 4 does not. */
    public static final double ALPHA = 0.01;

    private SourceTransfer() {
    }

    /**
     * Whether {@code source} is right on {@code target}'s labels more often than predictions independent of the labels
     * would be (one-sided binomial test). Chance is the agreement of the two marginals, as in Cohen's kappa (so a model
     * that always answers the most frequent label gains nothing), and never below one class in k: ten labels give a
     * noisy marginal, and the share of the most frequent label among them alone overstates chance (measured against it,
     * the digits source model, right on 85% of optdigits, failed the test on one seed in eight).
     */
    public static boolean informative(Classifier source, Examples target) {
        int n = target.size();
        if (n == 0) {
            return false;
        }
        List<String> classes = source.classes();
        int[] predicted = Classifier.argmax(source.predictProba(target.features()));
        Map<String, Integer> labels = new HashMap<>();
        Map<String, Integer> answers = new HashMap<>();
        int right = 0;
        for (int i = 0; i < n; i++) {
            String label = target.labels().get(i);
            String answer = classes.get(predicted[i]);
            labels.merge(label, 1, Integer::sum);
            answers.merge(answer, 1, Integer::sum);
            right += answer.equals(label) ? 1 : 0;
        }
        double agreement = 0;
        for (Map.Entry<String, Integer> e : labels.entrySet()) {
            agreement += e.getValue() / (double) n * answers.getOrDefault(e.getKey(), 0) / n;
        }
        Set<String> all = new HashSet<>(classes);
        all.addAll(labels.keySet());
        double chance = Math.max(1.0 / all.size(), agreement);
        return Binomial.atLeast(right, n, chance) < ALPHA;
    }
}
