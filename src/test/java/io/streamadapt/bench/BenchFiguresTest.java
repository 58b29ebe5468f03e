package io.streamadapt.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchFiguresTest {
    @Test
    void percentilesComeBackInMillisecondsWithinTheHistogramsPrecision() {
        Latencies l = new Latencies();
        for (int ms = 1; ms <= 1000; ms++) l.recordNanos(ms * 1_000_000L);
        Latencies.Summary s = l.summary();
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50()).isCloseTo(500, within(1.0));
        assertThat(s.p99()).isCloseTo(990, within(1.0));
        assertThat(s.p999()).isCloseTo(999, within(1.0));
    }

    @Test
    void noLatenciesReadAsNotANumber() {
        Latencies.Summary s = new Latencies().summary();
        assertThat(s.count()).isZero();
        assertThat(s.p50()).isNaN();
    }

    @Test
    void ratesAreEventsPerSecondOfTheElapsedTime() {
        assertThat(Rates.perSecond(500, 250_000_000L)).isEqualTo(2000.0);
        assertThat(Rates.perSecond(10, 0)).isNaN();
        assertThat(Rates.ratio(3, 4)).isEqualTo(0.75);
        assertThat(Rates.ratio(3, 0)).isNaN();
    }

    @Test
    void theFixedRateDefaultsToHalfThePassthroughSaturation() {
        assertThat(Rates.fixedRate(0, 8001)).isEqualTo(4000.0);
        assertThat(Rates.fixedRate(250, 8000)).isEqualTo(250.0);
        assertThat(Rates.fixedRate(0, 1)).isEqualTo(1.0);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Rates.median(new long[]{5, 1, 3})).isEqualTo(3.0);
        assertThat(Rates.median(new long[]{4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Rates.median(new long[0])).isNaN();
    }

    @Test
    void theMedianAndRangeOfFiguresLeaveOutTheOnesThatCouldNotBeComputed() {
        assertThat(Rates.median(new double[]{0.9, Double.NaN, 0.3, 0.8})).isEqualTo(0.8);
        assertThat(Rates.median(new double[]{0.4, 0.2})).isCloseTo(0.3, within(1e-12));
        assertThat(Rates.median(new double[]{Double.NaN})).isNaN();
        assertThat(Rates.Range.of(new double[]{0.9, Double.NaN, 0.3, 0.8})).isEqualTo(new Rates.Range(0.3, 0.9));
        assertThat(Rates.Range.of(new double[0]).min()).isNaN();
    }

    @Test
    void roundsAlternateWhichSideGoesFirst() {
        assertThat(Rounds.order(1)).containsExactly(Rounds.Side.PASSTHROUGH, Rounds.Side.SERVING);
        assertThat(Rounds.order(2)).containsExactly(Rounds.Side.SERVING, Rounds.Side.PASSTHROUGH);
        assertThat(Rounds.order(5)).containsExactly(Rounds.Side.PASSTHROUGH, Rounds.Side.SERVING);
        assertThat(new Rounds.Round(4, 1, 1).first()).isEqualTo(Rounds.Side.SERVING);
        assertThatThrownBy(() -> Rounds.order(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCpuPerRequestOfEachSideIsTheMedianOverTheRoundsThatKnowIt() {
        Rounds rounds = new Rounds(List.of(new Rounds.Round(1, 10_000, 6_000, 16.0, 26.0), new Rounds.Round(2, 9_000, 5_000, 18.0, 30.0),
                new Rounds.Round(3, 11_000, 7_000, 15.0, 25.0), new Rounds.Round(4, 10_000, 6_000)));
        assertThat(rounds.passthroughCpuMicros()).isEqualTo(16.0);
        assertThat(rounds.servingCpuMicros()).isEqualTo(26.0);
        assertThat(rounds.asMaps().get(0)).containsEntry("passthroughCpuMicrosPerRequest", 16.0).containsEntry("servingCpuMicrosPerRequest", 26.0);
    }

    @Test
    void oneSlowRoundMovesNeitherTheMedianRatioNorTheMedianRates() {
        // round 3: serving lost two thirds of its rate to a pause; the ratio of the medians would read 0.4
        Rounds rounds = new Rounds(List.of(new Rounds.Round(1, 10_000, 9_000), new Rounds.Round(2, 5_000, 4_000),
                new Rounds.Round(3, 12_000, 3_600)));
        assertThat(rounds.ratios()).containsExactly(new double[]{0.9, 0.8, 0.3}, within(1e-12));
        assertThat(rounds.servingRatio()).isCloseTo(0.8, within(1e-12));
        assertThat(rounds.servingRatioRange().min()).isCloseTo(0.3, within(1e-12));
        assertThat(rounds.servingRatioRange().max()).isCloseTo(0.9, within(1e-12));
        assertThat(rounds.passthroughPerSecond()).isEqualTo(10_000.0);
        assertThat(rounds.servingPerSecond()).isEqualTo(4_000.0);
    }

    @Test
    void aBenchWithoutRoundsOrRequestsIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> new Bench.Options(0, 1000, Duration.ZERO, 0, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), EnumSet.allOf(Bench.Part.class))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> new Bench.Options(5, 0, Duration.ZERO, 0, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), EnumSet.allOf(Bench.Part.class))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--requests");
    }

    @Test
    void noRoundsReadAsNotANumber() {
        Rounds none = new Rounds(List.of());
        assertThat(none.servingRatio()).isNaN();
        assertThat(none.passthroughPerSecond()).isNaN();
        assertThat(none.servingRatioRange().max()).isNaN();
    }

    @Test
    void anEventCountsFromItsSendToTheFirstLiveVersionThatLearnedIt() {
        Map<Long, Long> sent = Map.of(0L, 1_000L, 5L, 1_100L, 9L, 1_200L, 20L, 1_300L);
        List<VersionLatency.Live> live = List.of(new VersionLatency.Live(2, 9, 2_500), new VersionLatency.Live(1, 4, 1_600));
        long[] l = VersionLatency.latencies(sent, live);
        // offset 0 by version 1 at 1600; 5 and 9 by version 2 at 2500; 20 by none yet
        assertThat(l).containsExactlyInAnyOrder(600L, 1_400L, 1_300L);
    }

    @Test
    void theReportHasEveryPromisedKeyAndTheScalingRows() {
        Latencies.Summary pt = new Latencies.Summary(10, 5, 9, 10);
        Latencies.Summary sv = new Latencies.Summary(10, 7, 12, 15);
        BenchReport r = new BenchReport(new BenchReport.Environment(2, 1.5, 2.5, "exactly_once_v2", 3, 1000, "127.0.0.1:9092"),
                new Rounds(List.of(new Rounds.Round(1, 8000, 6000), new Rounds.Round(2, 7000, 6300), new Rounds.Round(3, 9000, 5400))),
                4000, pt, sv, List.of(new BenchReport.ServingRow("digits", 64, 1, 1000, 6000, 8000),
                new BenchReport.ServingRow("fashion", 784, 1, 1000, 2000, 8000)), 600, 5000, 5000, 8.3, 7, 6.1, 900, 50, 1200, 900, 200);
        Map<String, Object> m = r.asMap();
        assertThat(m).containsKeys("passthroughPerSecond", "servingPerSecond", "servingRatio", "latencyMs", "trainerEventsPerSecond",
                "rawFitEventsPerSecond", "eventToVersionMsP50", "scaling", "environment", "servingRatioRounds", "servingRatioRange",
                "rounds", "backlogFineTuneSeconds");
        // per round 0.75, 0.90, 0.60: the median ratio, and the median rates 8000 and 6000
        assertThat((double) m.get("servingRatio")).isCloseTo(0.75, within(1e-12));
        assertThat((double) m.get("passthroughPerSecond")).isEqualTo(8000.0);
        assertThat((double) m.get("servingPerSecond")).isEqualTo(6000.0);
        assertThat((double[]) m.get("servingRatioRounds")).containsExactly(new double[]{0.75, 0.9, 0.6}, within(1e-12));
        @SuppressWarnings("unchecked")
        Map<String, Object> range = (Map<String, Object>) m.get("servingRatioRange");
        assertThat((double) range.get("min")).isCloseTo(0.6, within(1e-12));
        assertThat((double) range.get("max")).isCloseTo(0.9, within(1e-12));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rounds = (List<Map<String, Object>>) m.get("rounds");
        assertThat(rounds).hasSize(3);
        assertThat(rounds.get(1)).containsEntry("round", 2).containsEntry("first", "serving").containsEntry("passthroughPerSecond", 7000.0)
                .containsEntry("servingPerSecond", 6300.0).containsKey("ratio");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> latency = (Map<String, Map<String, Object>>) m.get("latencyMs");
        assertThat(latency.get("serving")).containsEntry("p50", 7.0).containsEntry("p99", 12.0).containsEntry("p999", 15.0);
        assertThat(latency.get("passthrough")).containsEntry("p99", 9.0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("scaling");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).containsEntry("features", 784).containsEntry("ratio", 0.25);
        assertThat(r.table()).contains("serving / passthrough (median, min-max)", "0.75 (0.60-0.90)", "3 x 1000", "serving fashion (784 features), 1 thread", "2 cores");
    }
}
