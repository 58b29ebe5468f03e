package io.streamadapt.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.Progress;
import io.streamadapt.config.Config;
import io.streamadapt.data.Dataset;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.labelshift.PriorSnapshot;
import io.streamadapt.replay.Replayer;
import io.streamadapt.service.StreamAdaptService;
import io.streamadapt.testing.TestFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one application on a real broker: each answers the requests of its partitions, only one trains, and
 * both count the labels of the requests they answered in their label-shift windows, also labels that came first.
 */
class LabelArrivalsIT {
    private static final int N = 600;
    private static final int LATE = 200;

    @Test
    void everyInstanceCountsTheLabelsOfTheRequestsItAnsweredWhicheverInstanceTrains() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(33_554_432)) {
            Map<String, String> settings = Map.of("batch.size", "100", "finetune.epochs", "1", "labelshift.window", "1000");
            Config first = TestFixtures.config(kafka, "label-arrivals-it", settings);
            Config second = TestFixtures.config(kafka, "label-arrivals-it", settings);
            try (StreamAdaptService a = TestFixtures.startService(first, TestFixtures.digitsSource().model(), TestFixtures.digitsScenario());
                 StreamAdaptService b = TestFixtures.startService(second, TestFixtures.digitsSource().model(), TestFixtures.digitsScenario())) {
                a.awaitReady(Duration.ofMinutes(1));
                b.awaitReady(Duration.ofMinutes(1));
                Dataset target = TestFixtures.digitsScenario().target().subset(0, N);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(first))) {
                    // every request labelled, its label sent ten requests later, as labels come after answers
                    new Replayer(producer, a.topics()).replay(target, Replayer.Mode.BOTH, 200, 10, "", Progress.NONE);
                }
                TestFixtures.waitFor(() -> requests(a) + requests(b) >= N, Duration.ofMinutes(2), "every request in a window");
                TestFixtures.waitFor(() -> labelled(a) + labelled(b) >= N * 9 / 10, Duration.ofMinutes(1),
                        "the labels of nine tenths of the requests counted");

                // labels that come before their requests wait for them
                int before = labelled(a) + labelled(b);
                Dataset more = TestFixtures.digitsScenario().target().subset(N, N + LATE);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(first))) {
                    Replayer replayer = new Replayer(producer, a.topics());
                    replayer.replay(more, Replayer.Mode.LABELED, 0, 0, "early-", Progress.NONE);
                    Thread.sleep(2_000);
                    replayer.replay(more, Replayer.Mode.REQUESTS, 0, 0, "early-", Progress.NONE);
                }
                TestFixtures.waitFor(() -> labelled(a) + labelled(b) - before >= LATE * 9 / 10, Duration.ofMinutes(1),
                        "the labels that came first counted once their requests were answered");

                List<PriorSnapshot> windows = List.of(a.labelShiftMetrics().snapshot(), b.labelShiftMetrics().snapshot());
                System.out.printf("label arrivals: windows %d and %d requests, %d and %d of them labelled%n", windows.get(0).requests(),
                        windows.get(1).requests(), windows.get(0).labelled(), windows.get(1).labelled());
                for (PriorSnapshot w : windows) {
                    assertThat(w.requests()).as("each instance answers requests of its own partitions").isPositive();
                    assertThat(w.labelled()).as("labels counted where the requests were answered")
                            .isGreaterThanOrEqualTo(w.requests() * 8 / 10).isLessThanOrEqualTo(w.requests());
                }
            }
        }
    }

    private static int requests(StreamAdaptService s) {
        return s.labelShiftMetrics().snapshot().requests();
    }

    private static int labelled(StreamAdaptService s) {
        return s.labelShiftMetrics().snapshot().labelled();
    }
}
