package io.streamadapt.model;

import io.streamadapt.contract.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Operator actions, written to the models topic so every instance (and the trainer) sees them:
 * pin serving to a version, unpin, or roll back by republishing an old version as the newest one.
 */
public final class ModelOperations {
    private final ModelRegistry registry;
    private final Producer<String, byte[]> producer;
    private final String topic;

    public ModelOperations(ModelRegistry registry, Producer<String, byte[]> producer, String topic) {
        this.registry = registry;
        this.producer = producer;
        this.topic = topic;
    }

    public void pin(long version) {
        requireVersion(version);
        send(ModelRegistry.PIN_KEY, Long.toString(version).getBytes(StandardCharsets.UTF_8));
    }

    public void unpin() {
        send(ModelRegistry.PIN_KEY, null);
    }

    /**
     * Publishes version {@code version}'s model again as a new version (parent: the old one), so serving switches to it
     * and the trainer continues from it. Returns the new version number.
     */
    public long rollback(long version) {
        ModelVersion old = requireVersion(version);
        long next = registry.latest().map(ModelVersion::version).orElse(0L) + 1;
        ModelVersion copy = new ModelVersion(next, version, "rollback", System.currentTimeMillis(), old.hyperParameters(),
                -1, -1, 0, Map.of("verdict", "operator rollback to version " + version), old.classes(), old.inputSize(),
                old.provenance(), registry.artifact(version), old.calibration());
        send(Long.toString(next), Json.write(copy));
        return next;
    }

    public static void publish(Producer<String, byte[]> producer, String topic, ModelVersion version) {
        send(producer, topic, Long.toString(version.version()), Json.write(version));
    }

    private ModelVersion requireVersion(long version) {
        return registry.version(version).orElseThrow(() -> new NoSuchElementException("no model version " + version));
    }

    private void send(String key, byte[] value) {
        send(producer, topic, key, value);
    }

    /** Sends and waits, so an operator action is on the topic when the call returns. */
    private static void send(Producer<String, byte[]> producer, String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
