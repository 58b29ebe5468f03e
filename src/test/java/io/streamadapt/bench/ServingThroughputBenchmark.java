package io.streamadapt.bench;

import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.Progress;
import io.streamadapt.adapt.dl4j.Dl4jModelCodec;
import io.streamadapt.adapt.dl4j.Dl4jPretrainer;
import io.streamadapt.config.Config;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.model.SourceModels;
import io.streamadapt.replay.Replayer;
import io.streamadapt.service.StreamAdaptService;
import io.streamadapt.testing.TestFixtures;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * End-to-end serving throughput on one embedded broker, with requests scored one at a time and in batches, side by
 * side in one run: {@code java -cp target/test-classes:target/classes:<classpath> io.streamadapt.bench.ServingThroughputBenchmark}.
 */
public final class ServingThroughputBenchmark {
    private ServingThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String scenarioName = args.length > 0 ? args[0] : "fashion";
        Scenario s = Scenarios.load(scenarioName, 42);
        var source = SourceModels.loadOrPretrain(SourceModels.defaultCacheFile(s, 42), s,
                PretrainParams.defaultsFor(s.featureCount(), 42), new Dl4jPretrainer(Progress.Factory.QUIET), new Dl4jModelCodec()).model();
        Dataset requests = s.target();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(33_554_432)) {
            for (int round = 0; round < 3; round++) {
                for (String batch : List.of("1", "32")) {
                    String app = "bench-" + batch + "-" + round;
                    Config config = TestFixtures.config(kafka, app, Map.of("serving.batch.size", batch,
                            "topic.requests", app + ".requests", "topic.predictions", app + ".predictions", "topic.labeled", app + ".labeled",
                            "topic.models", app + ".models", "topic.dlq", app + ".dlq"));
                    StreamAdaptService service = TestFixtures.startService(config, source, s);
                    service.awaitReady(Duration.ofMinutes(1));
                    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config))) {
                        new Replayer(producer, service.topics()).replay(requests, Replayer.Mode.REQUESTS, 0, 0, "", Progress.NONE);
                    }
                    long t0 = System.nanoTime();
                    Set<String> seen = new HashSet<>();
                    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaProps.follower(config, "bench"))) {
                        c.subscribe(List.of(service.topics().predictions().name()));
                        while (seen.size() < requests.size()) c.poll(Duration.ofMillis(50)).forEach(r -> seen.add(r.key()));
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    var latency = service.meters().find("streamadapt.prediction.latency").timer();
                    System.out.printf("round %d, serving.batch.size %3s: %d predictions in %.2f s after the last request was sent"
                                    + " (%.0f/s), mean latency %.0f ms%n", round + 1, batch, seen.size(), seconds, seen.size() / seconds,
                            latency.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
                    service.shutdown();
                }
            }
        }
    }
}
