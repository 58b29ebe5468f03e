package io.streamadapt.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration becomes the adaptation core's parameters in the composition root, not in the core. */
class TrainingSetupTest {
    @Test
    void fineTuneParametersComeFromTheirConfigurationKeys() {
        Config config = Config.of(Map.of("finetune.strategy", "head", "finetune.learning-rate", "0.01", "finetune.epochs", "7",
                "finetune.minibatch", "16", "joint.source-replay", "64", "seed", "9"));

        FineTuneParams p = TrainingSetup.fineTuneParams(config);

        assertThat(p.strategy()).isEqualTo(Strategy.HEAD);
        assertThat(p.learningRate()).isEqualTo(0.01);
        assertThat(p.epochs()).isEqualTo(7);
        assertThat(p.minibatch()).isEqualTo(16);
        assertThat(p.sourceReplay()).isEqualTo(64);
        assertThat(p.seed()).isEqualTo(9);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        FineTuneParams p = TrainingSetup.fineTuneParams(Config.defaults());

        assertThat(p.strategy()).isEqualTo(Strategy.JOINT);
        assertThat(p.learningRate()).isEqualTo(0.003);
        assertThat(p.epochs()).isEqualTo(40);
        assertThat(p.seed()).isEqualTo(42);
    }
}
