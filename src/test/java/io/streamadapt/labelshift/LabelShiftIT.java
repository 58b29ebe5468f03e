package io.streamadapt.labelshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Progress;
import io.streamadapt.config.Config;
import io.streamadapt.contract.Json;
import io.streamadapt.contract.Prediction;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.replay.ReplayPlan;
import io.streamadapt.replay.Replayer;
import io.streamadapt.replay.ShiftSpec;
import io.streamadapt.serving.PriorTracker;
import io.streamadapt.service.StreamAdaptService;
import io.streamadapt.testing.TestFixtures;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole label-shift path on a real broker: scarce labels, a stream whose second half is mostly sevens, versions
 * calibrated and carrying their training priors, the estimate from unlabelled requests, corrected predictions that say
 * so, and the metrics.
 */
class LabelShiftIT {
    private static final int N = 1_000;
    private static EmbeddedKafka kafka;
    private static StreamAdaptService service;
    private static Config config;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(33_554_432);
        config = TestFixtures.config(kafka, "labelshift-it", Map.of("batch.size", "40", "finetune.epochs", "3",
                "labelshift.window", "300", "labelshift.min-requests", "50", "batch.max.wait", "2s",
                // whether a strong digits model expects 1% from correcting varies from run to run; this test is about the path
                "labelshift.min-gain", "0"));
        Scenario scenario = TestFixtures.digitsScenario();
        service = TestFixtures.startService(config, TestFixtures.digitsSource().model(), scenario);
        service.awaitReady(Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        if (service != null) service.shutdown();
        if (kafka != null) kafka.close();
    }

    @Test
    void estimatesTheShiftFromUnlabelledRequestsAndCorrectsServedPredictions() throws Exception {
        Dataset target = TestFixtures.digitsScenario().target().subset(0, N);
        ReplayPlan plan = ReplayPlan.of(target, 0.5, ShiftSpec.parse("7=0.8"), 42);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config))) {
            Replayer replayer = new Replayer(producer, service.topics());
            replayer.replay(plan, 0, plan.shiftStart(), Replayer.Mode.BOTH, 0, 10, "", Progress.NONE);
            TestFixtures.waitFor(() -> service.registry().latest().map(ModelVersion::version).orElse(0L) >= 2
                    && service.trainingMetrics().scoredEvents() >= plan.labelledCount(0, plan.shiftStart()), Duration.ofMinutes(3),
                    "versions learned from the unshifted half");
            replayer.replay(plan, plan.shiftStart(), N, Replayer.Mode.BOTH, 0, 10, "", Progress.NONE);
        }
        Map<String, Prediction> predictions = readPredictions(N);

        ModelVersion latest = service.registry().latest().orElseThrow();
        Calibration c = latest.calibration();
        assertThat(c).as("lineage of version %d", latest.version()).isNotNull();
        assertThat(c.holdoutEvents()).isPositive();
        assertThat(c.temperature()).isBetween(0.05, 20.0);
        assertThat(c.trainingPriors().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.confusion()).hasNumberOfRows(latest.classes().size());
        assertThat(service.registry().version(0).orElseThrow().calibration().trainingPriors()).containsKey("7");

        int corrected = 0;
        for (int i = plan.shiftStart(); i < N; i++) {
            Prediction p = predictions.get("r-" + i);
            assertThat(p.correction()).isIn("em", "off");
            assertThat(p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-6));
            String best = p.probabilities().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertThat(p.label()).isEqualTo(best);
            if (p.correction().equals("em")) corrected++;
        }
        System.out.printf("label shift: %d of %d shifted-half predictions corrected, guard %s%n", corrected, N - plan.shiftStart(),
                service.labelShiftMetrics().correctionGuard());
        // the correction starts with the shift; the guard may stop it later on the evidence of labelled events
        assertThat(corrected).as("shifted-half predictions corrected by EM").isGreaterThan((N - plan.shiftStart()) / 10);
        PriorTracker.Guard guard = service.labelShiftMetrics().correctionGuard();
        assertThat(guard.events()).as("labelled events the correction was judged on").isPositive();
        assertThat(guard.active() || guard.losses() > guard.wins())
                .as("the correction is applied unless it lost: %s", guard).isTrue();

        // the labels of the shifted half reach the estimate once the trainer has scored them
        TestFixtures.waitFor(() -> service.trainingMetrics().scoredEvents() >= plan.labelledCount(0, N), Duration.ofMinutes(3),
                "every labelled event scored");
        PriorSnapshot s = service.labelShiftMetrics().snapshot();
        double truth = share(plan, "7");
        assertThat(s.requests()).isEqualTo(300);
        // a label also counts for a copy of its request: the shifted half is drawn with replacement
        assertThat(s.labelled()).as("requests of the window counted by a label that arrived for their features")
                .isGreaterThanOrEqualTo(plan.labelledCount(N - 300, N) / 2).isLessThanOrEqualTo(s.requests());
        assertThat(s.labelsCorrect()).as("labels for a random half of the requests correct the estimate of the rest").isTrue();
        assertThat(s.of(s.estimate(), "7")).as("estimated share of sevens (true %.3f)", truth).isGreaterThan(s.of(s.training(), "7") + 0.2);
        assertThat(s.of(s.lower(), "7")).isLessThanOrEqualTo(s.of(s.estimate(), "7"));
        assertThat(s.tvLower()).as("the shift is significant").isGreaterThan(0.1);

        service.labelShiftMetrics().freezeForScrape();
        String scrape = service.meters().scrape();
        assertThat(scrape).contains("streamadapt_label_prior_estimate{", "streamadapt_label_prior_training{", "class=\"7\"",
                "streamadapt_label_prior_tv_distance{", "streamadapt_calibration_error{", "streamadapt_source_model_calibration_error{");
        assertThat(scrape).as("the labelled requests of the window, as counted").containsPattern(
                "streamadapt_label_prior_window_labelled\\{[^}]*\\} " + s.labelled() + "\\.0\\b");
        assertThat(scrape).containsPattern("streamadapt_label_prior_window_labels_correct\\{[^}]*\\} 1\\.0\\b");
        assertThat(service.labelShiftMetrics().adaptedCalibrationError()).isBetween(0.0, 1.0);
    }

    private static double share(ReplayPlan plan, String cls) {
        int k = plan.stream().classes().indexOf(cls);
        long n = 0;
        for (int i = plan.shiftStart(); i < N; i++) if (plan.stream().labels()[i] == k) n++;
        return n / (double) (N - plan.shiftStart());
    }

    private static Map<String, Prediction> readPredictions(int expected) {
        Map<String, Prediction> out = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaProps.follower(config, "labelshift-it-reader"))) {
            consumer.subscribe(List.of(service.topics().predictions().name()));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.putIfAbsent(r.key(), Json.read(r.value(), Prediction.class));
                }
            }
        }
        assertThat(out).hasSize(expected);
        return out;
    }
}
