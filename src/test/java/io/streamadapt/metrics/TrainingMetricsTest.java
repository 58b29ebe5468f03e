package io.streamadapt.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamadapt.adapt.GateVerdict;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.testing.Flushes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainingMetricsTest {
    private static final double EPS = 1e-6;
    private static final List<String> CLASSES = List.of("a", "b", "c");

    private MockClock clock;
    private SimpleMeterRegistry registry;
    private TrainingMetrics metrics;

    @BeforeEach
    void bind() {
        clock = new MockClock();
        registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        metrics = new TrainingMetrics(4, CLASSES);
        metrics.bindTo(registry);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double gauge(String name, String className) {
        return registry.get(name).tag("class", className).gauge().value();
    }

    private double rejected(String reason) {
        return registry.get("streamadapt.model.candidates.rejected").tag("reason", reason).functionCounter().count();
    }

    private static Trainer.Flush flush(String verdict, double fineTuneSeconds) {
        return Flushes.of(GateVerdict.valueOf(verdict.toUpperCase(Locale.ROOT)), fineTuneSeconds, 60, 50, 0, 49, 62);
    }

    /** Four labelled events; the truth and arg-max of each row are noted beside it. */
    private void scoreFourEvents() {
        // truth a: adapted says a (right), source says b (wrong)
        metrics.scored("a", CLASSES, new double[]{0.7, 0.2, 0.1}, CLASSES, new double[]{0.2, 0.5, 0.3}, null);
        // truth b: both right
        metrics.scored("b", CLASSES, new double[]{0.1, 0.8, 0.1}, CLASSES, new double[]{0.1, 0.6, 0.3}, null);
        // truth c: adapted right, source says a (wrong)
        metrics.scored("c", CLASSES, new double[]{0.2, 0.2, 0.6}, CLASSES, new double[]{0.5, 0.3, 0.2}, null);
        // truth a: adapted says b (wrong), source ties a/b and the lower index a wins (right)
        metrics.scored("a", CLASSES, new double[]{0.15, 0.75, 0.1}, CLASSES, new double[]{0.4, 0.4, 0.2}, null);
    }

    @Test
    void aScrapeReportsOneSnapshotEvenWhileEventsArrive() {
        scoreFourEvents();
        metrics.freezeForScrape();
        double accuracy = gauge("streamadapt.prequential.accuracy");
        double shareA = gauge("streamadapt.label.share", "a");

        // events keep arriving during the scrape: the gauges still describe the frozen window
        metrics.scored("a", CLASSES, new double[]{0.1, 0.8, 0.1}, CLASSES, new double[]{0.1, 0.8, 0.1}, null);
        metrics.scored("a", CLASSES, new double[]{0.1, 0.8, 0.1}, CLASSES, new double[]{0.1, 0.8, 0.1}, null);
        assertThat(gauge("streamadapt.prequential.accuracy")).isEqualTo(accuracy);
        assertThat(gauge("streamadapt.label.share", "a")).isEqualTo(shareA);
        double sum = CLASSES.stream().mapToDouble(c -> gauge("streamadapt.label.share", c)).sum();
        assertThat(sum).isCloseTo(1.0, Offset.offset(EPS));

        metrics.freezeForScrape();
        assertThat(gauge("streamadapt.prequential.accuracy")).as("the next scrape sees the new events").isNotEqualTo(accuracy);
    }

    @Test
    void everyMeterHasADescription() {
        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m ->
                assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank());
    }

    @Test
    void registersTheRequiredMetersWhenBound() {
        Set<String> names = new TreeSet<>();
        registry.getMeters().forEach(m -> names.add(m.getId().getName()));

        assertThat(names).contains(
                "streamadapt.prequential.accuracy", "streamadapt.prequential.accuracy.lower", "streamadapt.prequential.accuracy.upper",
                "streamadapt.prequential.f1.macro", "streamadapt.prequential.auc.macro", "streamadapt.prequential.cross.entropy",
                "streamadapt.source.model.accuracy", "streamadapt.source.model.accuracy.lower", "streamadapt.source.model.accuracy.upper",
                "streamadapt.source.model.f1.macro", "streamadapt.source.model.auc.macro", "streamadapt.source.model.cross.entropy",
                "streamadapt.prequential.window.events", "streamadapt.label.share", "streamadapt.class.recall",
                "streamadapt.feature.class.mean.distance", "streamadapt.feature.intra.class.variance",
                "streamadapt.feature.inter.class.distance", "streamadapt.buffer.events", "streamadapt.model.versions.published",
                "streamadapt.model.candidates.rejected", "streamadapt.finetune");
        assertThat(registry.find("streamadapt.label.share").gauges()).extracting(g -> g.getId().getTag("class"))
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void evaluationGaugesAreNaNBeforeAnyLabelledEvent() {
        assertThat(gauge("streamadapt.prequential.accuracy")).isNaN();
        assertThat(gauge("streamadapt.source.model.accuracy")).isNaN();
        assertThat(gauge("streamadapt.label.share", "a")).isNaN();
        assertThat(gauge("streamadapt.prequential.window.events")).isZero();
    }

    @Test
    void scoredEventsMoveTheAdaptedAndSourceAccuracyGauges() {
        scoreFourEvents();

        // adapted: right, right, right, wrong -> 3 of 4
        assertThat(gauge("streamadapt.prequential.accuracy")).isEqualTo(0.75);
        // Wilson 95% for 3 of 4 (z = 1.959964): centre 0.6275273, half-width 0.3268855
        assertThat(gauge("streamadapt.prequential.accuracy.lower")).isCloseTo(0.3006418, within(EPS));
        assertThat(gauge("streamadapt.prequential.accuracy.upper")).isCloseTo(0.9544127, within(EPS));
        // source: wrong, right, wrong, right -> 2 of 4
        assertThat(gauge("streamadapt.source.model.accuracy")).isEqualTo(0.5);
        // Wilson 95% for 2 of 4: centre 0.5, half-width 0.3499610
        assertThat(gauge("streamadapt.source.model.accuracy.lower")).isCloseTo(0.1500390, within(EPS));
        assertThat(gauge("streamadapt.source.model.accuracy.upper")).isCloseTo(0.8499610, within(EPS));
        assertThat(gauge("streamadapt.prequential.window.events")).isEqualTo(4);
        assertThat(metrics.scoredEvents()).isEqualTo(4);
    }

    @Test
    void scoredEventsMoveF1AucAndCrossEntropyAsComputedByHand() {
        scoreFourEvents();

        // adapted predictions a, b, c, b against truth a, b, c, a:
        // F1(a) = 2*1/(2+1) = 2/3, F1(b) = 2*1/(1+2) = 2/3, F1(c) = 1 -> 7/9
        assertThat(gauge("streamadapt.prequential.f1.macro")).isCloseTo(7.0 / 9.0, within(EPS));
        // one-vs-rest AUC: a has positives 0.7, 0.15 against negatives 0.1, 0.2 -> 3 of 4 pairs ordered; b and c are 1
        assertThat(gauge("streamadapt.prequential.auc.macro")).isCloseTo((0.75 + 1 + 1) / 3, within(EPS));
        // -(ln 0.7 + ln 0.8 + ln 0.6 + ln 0.15) / 4
        assertThat(gauge("streamadapt.prequential.cross.entropy")).isCloseTo(0.7469410, within(EPS));
        // source predictions b, b, a, a against truth a, b, c, a: F1(a) = 2/4, F1(b) = 2/3, F1(c) = 0
        assertThat(gauge("streamadapt.source.model.f1.macro")).isCloseTo((0.5 + 2.0 / 3.0 + 0) / 3, within(EPS));
        // -(ln 0.2 + ln 0.6 + ln 0.2 + ln 0.4) / 4
        double sourceCe = -(Math.log(0.2) + Math.log(0.6) + Math.log(0.2) + Math.log(0.4)) / 4;
        assertThat(gauge("streamadapt.source.model.cross.entropy")).isCloseTo(sourceCe, within(EPS));
    }

    @Test
    void labelShareAndRecallAreReportedPerClass() {
        scoreFourEvents();

        assertThat(gauge("streamadapt.label.share", "a")).isEqualTo(0.5);
        assertThat(gauge("streamadapt.label.share", "b")).isEqualTo(0.25);
        assertThat(gauge("streamadapt.label.share", "c")).isEqualTo(0.25);
        // the adapted model found one of the two a's, the only b and the only c
        assertThat(gauge("streamadapt.class.recall", "a")).isEqualTo(0.5);
        assertThat(gauge("streamadapt.class.recall", "b")).isEqualTo(1.0);
        assertThat(gauge("streamadapt.class.recall", "c")).isEqualTo(1.0);
    }

    @Test
    void theEvaluationWindowKeepsOnlyTheLastNEvents() {
        scoreFourEvents();
        for (int i = 0; i < 4; i++) {
            // four more events of class c, all predicted a by both models
            metrics.scored("c", CLASSES, new double[]{0.9, 0.05, 0.05}, CLASSES, new double[]{0.9, 0.05, 0.05}, null);
        }

        assertThat(gauge("streamadapt.prequential.window.events")).isEqualTo(4);
        assertThat(gauge("streamadapt.prequential.accuracy")).isZero();
        assertThat(gauge("streamadapt.prequential.accuracy.lower")).isZero();
        assertThat(gauge("streamadapt.label.share", "c")).isEqualTo(1.0);
        assertThat(gauge("streamadapt.label.share", "a")).isZero();
        assertThat(metrics.scoredEvents()).isEqualTo(8);
    }

    @Test
    void probabilitiesInAModelsOwnClassOrderAreAlignedByClassName() {
        List<String> reversed = List.of("c", "b", "a");
        // the adapted model lists its classes as c, b, a and puts 0.8 on a; the source model lists them as a, b, c
        metrics.scored("a", reversed, new double[]{0.1, 0.1, 0.8}, CLASSES, new double[]{0.1, 0.1, 0.8}, null);

        assertThat(gauge("streamadapt.prequential.accuracy")).isEqualTo(1.0);
        assertThat(gauge("streamadapt.prequential.cross.entropy")).isCloseTo(-Math.log(0.8), within(EPS));
        assertThat(gauge("streamadapt.source.model.accuracy")).isZero();
    }

    @Test
    void aClassFirstSeenInALabelGetsItsOwnPerClassGauges() {
        List<String> grown = List.of("a", "b", "c", "d");
        metrics.scored("d", grown, new double[]{0.1, 0.1, 0.1, 0.7}, CLASSES, new double[]{0.6, 0.2, 0.2}, null);
        metrics.scored("a", grown, new double[]{0.7, 0.1, 0.1, 0.1}, CLASSES, new double[]{0.6, 0.2, 0.2}, null);

        assertThat(gauge("streamadapt.label.share", "d")).isEqualTo(0.5);
        assertThat(gauge("streamadapt.class.recall", "d")).isEqualTo(1.0);
        assertThat(gauge("streamadapt.prequential.accuracy")).isEqualTo(1.0);
        // the source model cannot know class d: it gets one of the two right
        assertThat(gauge("streamadapt.source.model.accuracy")).isEqualTo(0.5);
    }

    @Test
    void sampledEmbeddingsMoveTheFeatureSpaceGauges() {
        assertThat(gauge("streamadapt.feature.class.mean.distance")).isNaN();
        double[] p = {0.4, 0.3, 0.3};
        metrics.scored("a", CLASSES, p, CLASSES, p, new float[]{0, 0});
        metrics.scored("a", CLASSES, p, CLASSES, p, new float[]{2, 0});
        metrics.scored("b", CLASSES, p, CLASSES, p, null);
        metrics.scored("b", CLASSES, p, CLASSES, p, new float[]{1, 3});

        // class means a = (1, 0), b = (1, 3)
        assertThat(gauge("streamadapt.feature.class.mean.distance")).isCloseTo(3.0, within(EPS));
        // a: squared distances 1 and 1 -> 1; b: 0 -> mean over classes 0.5
        assertThat(gauge("streamadapt.feature.intra.class.variance")).isCloseTo(0.5, within(EPS));
        // (0,0) and (2,0) are sqrt(10) from mean b, (1,3) is 3 from mean a
        assertThat(gauge("streamadapt.feature.inter.class.distance")).isCloseTo((2 * Math.sqrt(10) + 3) / 3, within(EPS));
    }

    @Test
    void publishedAndRejectedCandidatesAreCountedByReason() {
        assertThat(rejected("worse")).isZero();
        assertThat(rejected("diverged")).isZero();
        assertThat(rejected("collapsed")).isZero();

        metrics.flushed(flush("accepted", 1.0), 1);
        metrics.flushed(flush("accepted", 1.0), 2);
        metrics.flushed(flush("worse", 1.0), -1);
        metrics.flushed(flush("collapsed", 1.0), -1);
        metrics.flushed(flush("worse", 1.0), -1);

        assertThat(registry.get("streamadapt.model.versions.published").functionCounter().count()).isEqualTo(2);
        assertThat(rejected("worse")).isEqualTo(2);
        assertThat(rejected("collapsed")).isEqualTo(1);
        assertThat(rejected("diverged")).isZero();
    }

    @Test
    void fineTuneTimerRecordsTheStepsReportedDurationForEveryFlush() {
        metrics.flushed(flush("accepted", 2.5), 1);
        // the registry's clock moving on must not leak into the recorded duration
        clock.add(Duration.ofSeconds(40));
        metrics.flushed(flush("worse", 0.5), -1);

        Timer timer = registry.get("streamadapt.finetune").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.SECONDS)).isCloseTo(3.0, within(EPS));
        assertThat(timer.max(TimeUnit.SECONDS)).isCloseTo(2.5, within(EPS));
    }

    @Test
    void lastPublishedTimestampIsTheClocksTimeOfTheLatestAcceptedVersion() {
        assertThat(gauge("streamadapt.model.last.published.timestamp")).isNaN();
        clock.add(Duration.ofSeconds(1000));
        metrics.flushed(flush("accepted", 1.0), 1);
        double published = clock.wallTime() / 1000.0;
        clock.add(Duration.ofSeconds(60));
        // a rejected candidate is not a new version
        metrics.flushed(flush("worse", 1.0), -1);

        assertThat(gauge("streamadapt.model.last.published.timestamp")).isCloseTo(published, within(EPS));
        assertThat(published).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void trainerEventsCountEveryScoredLabelledEvent() {
        scoreFourEvents();
        scoreFourEvents();

        assertThat(registry.get("streamadapt.trainer.events").functionCounter().count()).isEqualTo(8);
    }

    @Test
    void bufferGaugeFollowsTheBufferedCount() {
        metrics.buffered(17);
        assertThat(gauge("streamadapt.buffer.events")).isEqualTo(17);
        metrics.buffered(0);
        assertThat(gauge("streamadapt.buffer.events")).isZero();
        assertThat(metrics.bufferedEvents()).isZero();
    }

    @Test
    void meterCountStaysFixedAsVersionsAndEventsGrow() {
        scoreFourEvents();
        metrics.flushed(flush("accepted", 1.0), 1);
        int before = registry.getMeters().size();

        for (int v = 2; v < 200; v++) {
            metrics.scored(CLASSES.get(v % 3), CLASSES, new double[]{0.5, 0.3, 0.2}, CLASSES, new double[]{0.2, 0.3, 0.5}, null);
            metrics.flushed(flush(v % 2 == 0 ? "accepted" : "worse", 1.0), v % 2 == 0 ? v : -1);
        }

        assertThat(registry.getMeters()).hasSize(before);
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getKey)
                .containsOnly("class", "reason");
    }

    @Test
    void eventsScoredBeforeBindingShowOnceBound() {
        TrainingMetrics early = new TrainingMetrics(4, CLASSES);
        early.flushed(flush("worse", 1.0), -1);
        early.scored("a", CLASSES, new double[]{0.7, 0.2, 0.1}, CLASSES, new double[]{0.1, 0.7, 0.2}, null);

        SimpleMeterRegistry later = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        early.bindTo(later);

        assertThat(later.get("streamadapt.prequential.accuracy").gauge().value()).isEqualTo(1.0);
        assertThat(later.get("streamadapt.source.model.accuracy").gauge().value()).isZero();
        // nothing to count into before binding: the flush is not replayed
        assertThat(later.get("streamadapt.finetune").timer().count()).isZero();
    }

    @Test
    void theTrainersLagEventsPerSecondAndBatchSizesAreExported() {
        metrics.waiting(1_500);
        for (int i = 0; i < 30; i++) {
            metrics.scored("a", CLASSES, new double[]{0.7, 0.2, 0.1}, CLASSES, new double[]{0.1, 0.7, 0.2}, null);
            if (i == 9 || i == 19) clock.add(Duration.ofSeconds(1));
        }
        metrics.flushed(flush("accepted", 1.0), 3);
        metrics.flushed(Flushes.of(GateVerdict.ACCEPTED, 1.0, 400, 800, 50, 1049, 1000), 4);

        assertThat(gauge("streamadapt.trainer.lag.events")).isEqualTo(1_500);
        // 10 events in each of the three seconds since the first
        assertThat(gauge("streamadapt.trainer.events.per.second")).isCloseTo(10, within(EPS));
        assertThat(registry.get("streamadapt.trainer.batch").summary().count()).isEqualTo(2);
        assertThat(registry.get("streamadapt.trainer.batch").summary().max()).isEqualTo(800);
        assertThat(registry.get("streamadapt.trainer.lag.events").gauge().getId().getDescription()).isNotBlank();
        assertThat(registry.get("streamadapt.trainer.events.per.second").gauge().getId().getDescription()).isNotBlank();
    }
}
