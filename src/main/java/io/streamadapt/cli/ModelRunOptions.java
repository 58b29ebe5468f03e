package io.streamadapt.cli;

import io.streamadapt.config.Config;
import picocli.CommandLine.Mixin;

/**
 * The configuration of a command that runs the model line from a source model (serve, demo, curve): the configuration
 * file and overrides, {@code --model} and {@code --seed}, applied in that order.
 */
final class ModelRunOptions {
    @Mixin
    ConfigOptions config = new ConfigOptions();
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    SeedOption seed = new SeedOption();

    Config load() {
        return seed.apply(model.apply(config.load()));
    }
}
