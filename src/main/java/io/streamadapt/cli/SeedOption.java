package io.streamadapt.cli;

import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import picocli.CommandLine.Option;

/** The {@code --seed N} option, the same on every command that makes a random choice. */
final class SeedOption {
    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice: data split and order, initial weights, "
            + "sampling; runs with the same seed repeat (same as --set seed=N). Default: the seed key, 42")
    Long seed;

    /** The configuration with {@code seed} set when {@code --seed} was given. */
    Config apply(Config config) {
        return seed == null ? config : config.with(Settings.SEED.key(), Long.toString(seed));
    }
}
