package io.streamadapt.metrics.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrequentialEvaluatorTest {
    private static final List<String> CLASSES = List.of("a", "b");

    private final PrequentialEvaluator evaluator = new PrequentialEvaluator(10, CLASSES);

    @Test
    void scoresEachModelInItsOwnClassOrder() {
        // the adapted model lists its classes as b, a; the scratch shadow as a, b: both put 0.9 on a
        evaluator.scored("a", List.of("b", "a"), new double[]{0.1, 0.9}, CLASSES, new double[]{0.2, 0.8}, null);
        evaluator.scratchScored("a", CLASSES, new double[]{0.9, 0.1});

        PrequentialEvaluator.Snapshot s = evaluator.snapshot();
        assertThat(s.adapted().accuracy()).isEqualTo(1.0);
        assertThat(s.source().accuracy()).isZero();
        assertThat(s.scratch().accuracy()).isEqualTo(1.0);
        assertThat(evaluator.scoredEvents()).as("the scratch shadow scores the same events").isEqualTo(1);
    }

    @Test
    void aLabelFirstSeenJoinsTheClassListAndIsAnnounced() {
        List<Integer> announced = new ArrayList<>();
        evaluator.onNewClass(announced::add);

        evaluator.scored("c", List.of("a", "b", "c"), new double[]{0.1, 0.1, 0.8}, CLASSES, new double[]{0.5, 0.5}, null);
        evaluator.scored("c", List.of("a", "b", "c"), new double[]{0.1, 0.1, 0.8}, CLASSES, new double[]{0.5, 0.5}, null);

        assertThat(evaluator.classes()).containsExactly("a", "b", "c");
        assertThat(announced).containsExactly(2);
        assertThat(evaluator.adapted().labelShare()).containsExactly(0.0, 0.0, 1.0);
    }

    @Test
    void sampledEmbeddingsFeedTheFeatureSpaceStatistics() {
        double[] p = {0.5, 0.5};
        evaluator.scored("a", CLASSES, p, CLASSES, p, new float[]{0, 0});
        evaluator.scored("b", CLASSES, p, CLASSES, p, new float[]{3, 4});

        assertThat(evaluator.snapshot().features().meanClassMeanDistance()).isEqualTo(5.0);
    }
}
