package io.streamadapt.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.testing.TableClassifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchTest {
    static final List<String> CLASSES = List.of("a", "b");
    static final FineTuneParams AUTO = TrainerTest.FULL.withStrategy(Strategy.AUTO);

    static Classifier trainedWith(String strategy, String learningRate) {
        return new TableClassifier(CLASSES, Map.of(), 0, Map.of("strategy", strategy, "learningRate", learningRate));
    }

    @Test
    void aFixedStrategyTrainsOnlyItsOwnSettings() {
        assertThat(new Search(TrainerTest.FULL, 4).population(trainedWith("head", "0.01"))).containsExactly(TrainerTest.FULL);
    }

    @Test
    void autoStartsFromTheDefaultsOnFullWhenTheModelWasNotFineTuned() {
        List<FineTuneParams> p = new Search(AUTO, 4).population(TableClassifier.constant(CLASSES, 0));

        assertThat(p).extracting(FineTuneParams::strategy).containsExactly(Strategy.FULL, Strategy.FULL, Strategy.FULL, Strategy.HEAD);
        assertThat(p).extracting(FineTuneParams::learningRate)
                .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-12 ? 0 : Double.compare(a, b))
                .containsExactly(0.003, 0.009, 0.001, 0.003);
    }

    @Test
    void autoCentresOnTheSettingsTheCurrentModelWasTrainedWith() {
        List<FineTuneParams> p = new Search(AUTO, 4).population(trainedWith("head", "0.01"));

        assertThat(p.get(0).strategy()).isEqualTo(Strategy.HEAD);
        assertThat(p.get(0).learningRate()).isEqualTo(0.01);
        assertThat(p.get(1).learningRate()).as("at most ten times the configured rate").isCloseTo(0.03, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(p.get(3).strategy()).isEqualTo(Strategy.FULL);
    }

    @Test
    void theSearchCannotWalkTheLearningRateFurtherThanTenfoldBelowTheConfiguredOne() {
        List<FineTuneParams> p = new Search(AUTO, 3).population(trainedWith("full", "0.0003"));

        assertThat(p.get(2).learningRate()).isCloseTo(0.0003, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aSmallerPopulationKeepsTheCentreFirst() {
        assertThat(new Search(AUTO, 2).population(trainedWith("full", "0.001"))).extracting(FineTuneParams::learningRate)
                .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-12 ? 0 : Double.compare(a, b))
                .containsExactly(0.001, 0.003);
    }

    @Test
    void unreadableRecordedSettingsFallBackToTheDefaults() {
        assertThat(new Search(AUTO, 1).population(trainedWith("joint", "fast")).get(0).learningRate()).isEqualTo(0.003);
    }
}
