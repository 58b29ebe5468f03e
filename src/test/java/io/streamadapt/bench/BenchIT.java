package io.streamadapt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.adapt.dl4j.Dl4jFineTuner;
import io.streamadapt.config.Config;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.service.StreamAdaptService;
import io.streamadapt.service.TrainingSetup;
import io.streamadapt.testing.TestFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tiny bench on a real broker: every figure of the report is measured and positive. */
class BenchIT {
    @Test
    void aTinyBenchMeasuresEveryFigureOfTheReport() throws Exception {
        Scenario digits = TestFixtures.digitsScenario();
        Classifier source = TestFixtures.digitsSource().model();
        List<String> lines = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(33_554_432)) {
            Config base = TestFixtures.config(kafka, "bench-it", Map.of());
            Bench.Services services = new Bench.Services() {
                @Override
                public StreamAdaptService start(Config c, Scenario s) throws Exception {
                    return TestFixtures.startService(c, source, s);
                }

                @Override
                public Classifier sourceModel(Config c, Scenario s) {
                    return source;
                }

                @Override
                public FineTuner tuner(Config c, Scenario s) {
                    return new Dl4jFineTuner(TrainingSetup.fineTuneParams(c), s.source().features(), s.source().labels(), s.classes());
                }
            };
            Bench.Options options = new Bench.Options(2, 200, Duration.ofMillis(300), 100, Duration.ofSeconds(1), 200, Duration.ofSeconds(20), 50,
                    Duration.ofSeconds(2), Duration.ofSeconds(30), EnumSet.allOf(Bench.Part.class));
            // digits stands in for the wide model too: the rows' shape is what counts here, not fashion's cost
            BenchReport r = new Bench(base, services, options, lines::add).run(digits, digits);
            Map<String, Object> m = r.asMap();
            for (String key : List.of("passthroughPerSecond", "servingPerSecond", "servingRatio", "trainerEventsPerSecond",
                    "rawFitEventsPerSecond", "eventToVersionMsP50")) {
                assertThat(((Number) m.get(key)).doubleValue()).as(key).isPositive();
            }
            double[] ratios = (double[]) m.get("servingRatioRounds");
            assertThat(Arrays.stream(ratios).boxed().toList()).hasSize(2).allSatisfy(x -> assertThat(x).isPositive());
            @SuppressWarnings("unchecked")
            Map<String, Object> range = (Map<String, Object>) m.get("servingRatioRange");
            assertThat(r.servingRatio()).isBetween((double) range.get("min"), (double) range.get("max"));
            assertThat(r.saturation().rounds()).extracting(Rounds.Round::first).containsExactly(Rounds.Side.PASSTHROUGH, Rounds.Side.SERVING);
            assertThat(r.saturation().rounds()).allSatisfy(round -> {
                assertThat(round.passthroughPerSecond()).isPositive();
                assertThat(round.servingPerSecond()).isPositive();
                assertThat(round.passthroughCpuMicros()).as("the process's CPU per request in the passthrough's run").isPositive();
                assertThat(round.servingCpuMicros()).isPositive();
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> cpu = (Map<String, Object>) m.get("cpuMicrosPerRequest");
            assertThat((double) cpu.get("serving")).isEqualTo(r.saturation().servingCpuMicros()).isPositive();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rounds = (List<Map<String, Object>>) m.get("rounds");
            assertThat(rounds).hasSize(2).allSatisfy(round -> assertThat(round).containsKeys("passthroughPerSecond", "servingPerSecond", "ratio"));
            assertThat(r.passthroughLatency().p99()).isPositive();
            assertThat(r.servingLatency().p999()).isGreaterThanOrEqualTo(r.servingLatency().p50()).isPositive();
            assertThat(r.servingLatency().count()).isEqualTo(100);
            assertThat(r.scaling()).extracting(BenchReport.ServingRow::threads).containsExactly(1, 2, 1);
            assertThat(r.scaling()).allSatisfy(row -> assertThat(row.perSecond()).isPositive());
            assertThat(r.backlogLearned()).as("learned: scored and flushed").isBetween(100L, 200L);
            assertThat(r.eventToVersionEvents()).isPositive();
            assertThat(lines).anyMatch(l -> l.startsWith("Passthrough and serving side by side: 2 rounds of 200 requests"));
            assertThat(lines).anyMatch(l -> l.contains("round 1/2 (passthrough first)") && l.contains("us CPU each"));
            assertThat(lines).anyMatch(l -> l.contains("round 2/2 (serving first)"));
        }
    }
}
