package io.streamadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.config.Config;
import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import io.streamadapt.testing.TestFixtures;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WiringTest {
    private static final Classifier DIGITS_MODEL = TestFixtures.digitsSource().model();

    @Test
    void aModelFilePretrainedOnTheScenariosSourceDataReplaysIt() {
        Scenario digits = TestFixtures.digitsScenario();

        assertThat(Wiring.replayableSourceData(Config.defaults(), DIGITS_MODEL, () -> digits)).contains(digits.source());
    }

    @Test
    void aModelFilePretrainedOnOtherDataReplaysNothing() {
        Scenario fashion = Scenarios.load("fashion", 42);

        assertThat(Wiring.replayableSourceData(Config.defaults(), DIGITS_MODEL, () -> fashion)).isEmpty();
    }

    @Test
    void anotherStrategyDoesNotEvenLoadTheScenario() {
        AtomicInteger loads = new AtomicInteger();
        Supplier<Scenario> counted = () -> {
            loads.incrementAndGet();
            return TestFixtures.digitsScenario();
        };

        assertThat(Wiring.replayableSourceData(Config.of(Map.of("finetune.strategy", "full")), DIGITS_MODEL, counted)).isEmpty();
        assertThat(loads).hasValue(0);
    }
}
