package io.streamadapt.labelshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamadapt.adapt.Example;
import io.streamadapt.testing.EchoClassifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationFitterTest {
    private static final List<String> CLASSES = List.of("a", "b");

    private static Example event(float pa, String label) {
        return new Example(new float[]{pa, 1 - pa}, label, 0);
    }

    @Test
    void recordsTrainingPriorsAsTheMeanPredictionAndTheHoldoutConfusion() {
        List<Example> trained = new ArrayList<>();
        for (int i = 0; i < 30; i++) trained.add(event(0.9f, "a"));
        for (int i = 0; i < 10; i++) trained.add(event(0.2f, "b"));
        List<Example> holdout = List.of(event(0.9f, "a"), event(0.8f, "a"), event(0.7f, "b"), event(0.1f, "b"));

        Calibration c = CalibrationFitter.fit(new EchoClassifier(CLASSES, 1), holdout, trained);

        assertThat(c.trainingEvents()).isEqualTo(40);
        assertThat(c.holdoutEvents()).isEqualTo(4);
        assertThat(c.trainingLabelShares().get("a")).isCloseTo(31.0 / 42, within(1e-9));
        double meanA = (30 * 0.9 + 10 * 0.2) / 40;
        assertThat(c.trainingPriors().get("a")).as("temperature %.3f", c.temperature())
                .isCloseTo(meanA, within(0.05));
        assertThat(c.confusion()[0][0]).isEqualTo(1.0);
        assertThat(c.confusion()[0][1]).as("one b of two predicted a").isEqualTo(0.5);
        assertThat(c.eceBefore()).isNotNull();
        assertThat(c.eceAfter()).isNotNull();
    }

    @Test
    void withoutHoldoutKeepsTheProbabilitiesAndHasNoConfusionMatrix() {
        Calibration c = CalibrationFitter.fit(new EchoClassifier(CLASSES, 1), List.of(), List.of(event(0.6f, "a")));
        assertThat(c.temperature()).isEqualTo(1.0);
        assertThat(c.hasConfusion()).isFalse();
        assertThat(c.trainingPriors().get("a")).isCloseTo(0.6, within(1e-6));
    }
}
