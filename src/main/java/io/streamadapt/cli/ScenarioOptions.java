package io.streamadapt.cli;

import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Chooses the data: a named scenario, or a custom one from two CSV files. */
final class ScenarioOptions {
    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "digits",
            description = "Scenario: digits (MNIST -> optdigits), fashion (Fashion-MNIST -> shifted Fashion-MNIST). Default: ${DEFAULT-VALUE}. Ignored when --source-data and --target-data are given.")
    String scenario;

    @Option(names = "--source-data", paramLabel = "CSV", description = "Source-domain CSV (f1,...,fd,label; optional header) for a custom scenario")
    Path sourceData;

    @Option(names = "--target-data", paramLabel = "CSV", description = "Target-domain CSV (same columns) for a custom scenario")
    Path targetData;

    Scenario load(long seed) {
        if (sourceData != null || targetData != null) {
            if (sourceData == null || targetData == null) {
                throw new IllegalArgumentException("a custom scenario needs both --source-data and --target-data");
            }
            return Scenarios.fromCsv(sourceData, targetData);
        }
        // scenario names are lower case; DIGITS and Digits mean the same
        return Scenarios.load(scenario.toLowerCase(Locale.ROOT), seed);
    }
}
