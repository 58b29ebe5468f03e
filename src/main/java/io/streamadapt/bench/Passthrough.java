package io.streamadapt.bench;

import io.streamadapt.config.Config;
import io.streamadapt.service.StreamAdaptService;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The yardstick: a Kafka Streams application that forwards every request unchanged, with the service's own client
 * settings (processing guarantee, stream threads, commit interval), so the difference to StreamAdapt's serving is
 * StreamAdapt's own work.
 */
final class Passthrough implements AutoCloseable {
    private final KafkaStreams streams;

    private Passthrough(KafkaStreams streams) {
        this.streams = streams;
    }

    static Topology build(String input, String output) {
        Topology t = new Topology();
        t.addSource("requests", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), input);
        t.addSink("outputs", output, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "requests");
        return t;
    }

    /** Starts the passthrough from {@code input} to {@code output} and waits until it runs. */
    static Passthrough start(Config config, String applicationId, String input, String output) throws InterruptedException {
        Map<String, Object> props = StreamAdaptService.edgeProps(config, applicationId);
        KafkaStreams streams = new KafkaStreams(build(input, output), new StreamsConfig(props));
        streams.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the passthrough did not start within a minute");
            }
            Thread.sleep(20);
        }
        return new Passthrough(streams);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
