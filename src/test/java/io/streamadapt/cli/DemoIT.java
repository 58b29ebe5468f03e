package io.streamadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamadapt.contract.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The quick start's demo, run as a user runs it, judged by the figures its report promises. */
class DemoIT {
    @Test
    void digitsDemoAdaptsBeyondTheSourceAndScratchModelsAndAnswersEveryRequestOnce() throws Exception {
        Path report = Files.createTempFile("demo", ".json");
        CommandLineAccess.Result run = CommandLineAccess.runCapturing("demo", "--scenario", "digits", "--set", "http.port=0",
                "--report", report.toString());
        System.out.println(run.output());
        assertThat(run.exitCode()).isZero();
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        assertThat(r.path("scenario").asText()).isEqualTo("digits");
        assertThat(r.path("sourceOnlyAccuracy").asDouble()).as("the source model transfers").isGreaterThanOrEqualTo(0.6);
        assertThat(r.path("adaptedAccuracy").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.path("adaptedAccuracy").asDouble()).isGreaterThan(r.path("sourceOnlyAccuracy").asDouble() + 0.05);
        assertThat(r.path("scratchAccuracy").asDouble()).as("the scratch baseline learned too").isGreaterThan(0.5);
        // the guard serves scratch only when the held-out events show it better beyond chance: allow a point of noise
        assertThat(r.path("adaptedAccuracy").asDouble()).isGreaterThanOrEqualTo(r.path("scratchAccuracy").asDouble() - 0.01);
        assertThat(r.path("versionsPublished").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(r.path("predictions").asLong()).isEqualTo(r.path("requests").asLong());
        assertThat(r.path("duplicatePredictions").asLong()).isZero();
        assertThat(r.path("labeledEvents").asLong()).isGreaterThan(1000);
        assertThat(r.path("durationSeconds").asDouble()).isPositive();
        // the second half is served by versions that learned the first half, and an unshifted stream is not reweighted
        JsonNode shift = r.path("labelShift");
        assertThat(shift.path("servedPredictions").asLong()).isEqualTo(r.path("requests").asLong() - r.path("requests").asLong() / 2);
        assertThat(shift.path("accuracyUncorrected").asDouble()).as("served accuracy on the second half")
                .isGreaterThan(r.path("sourceOnlyAccuracy").asDouble());
        assertThat(shift.path("accuracyCorrected").asDouble()).as("correction on an unshifted stream")
                .isGreaterThanOrEqualTo(shift.path("accuracyUncorrected").asDouble() - 0.01);
        assertThat(run.output()).contains("Kafka bootstrap servers:", "HTTP: http://localhost:", "adapted accuracy", "scratch accuracy");
    }
}
