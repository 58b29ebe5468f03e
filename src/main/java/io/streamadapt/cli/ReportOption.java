package io.streamadapt.cli;

import io.streamadapt.contract.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --report FILE} option shared by the commands that measure something. */
final class ReportOption {
    @Option(names = "--report", paramLabel = "FILE", description = "Write the measured figures as JSON to FILE")
    Path file;

    /** Writes the report when {@code --report} was given. */
    void write(Object report) throws IOException {
        if (file == null) {
            return;
        }
        Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        System.out.println("Report written to " + file);
    }
}
