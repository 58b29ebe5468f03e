package io.streamadapt.model;

import io.streamadapt.contract.Json;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Operator actions: pin serving to a version, unpin, or roll back by republishing an old version as the newest one.
 * Each becomes an {@link OperatorCommand} on the training topic, so the single trainer task applies it and assigns
 * any new version number: the trainer is the only writer of versions.
 */
public final class ModelOperations {
    private final ModelRegistry registry;
    private final Producer<String, byte[]> producer;
    private final String trainingTopic;
    private final Duration rollbackWait;

    /**
     * @param rollbackWait how long {@link #rollback} waits for the trainer to publish the new version
     */
    public ModelOperations(ModelRegistry registry, Producer<String, byte[]> producer, String trainingTopic, Duration rollbackWait) {
        this.registry = registry;
        this.producer = producer;
        this.trainingTopic = trainingTopic;
        this.rollbackWait = rollbackWait;
    }

    public void pin(long version) {
        requireVersion(version);
        send(new OperatorCommand(OperatorCommand.Kind.PIN, version, UUID.randomUUID().toString()));
    }

    public void unpin() {
        send(new OperatorCommand(OperatorCommand.Kind.UNPIN, -1, UUID.randomUUID().toString()));
    }

    /** The outcome of a rollback request: the new version, when the trainer published it within the wait. */
    public record Rollback(String command, Optional<Long> newVersion) {
    }

    /**
     * Asks the trainer to publish version {@code version}'s model again as a new version (parent: the old one), so
     * serving switches to it and training continues from it.
     */
    public Rollback rollback(long version) throws InterruptedException {
        requireVersion(version);
        String id = UUID.randomUUID().toString();
        send(new OperatorCommand(OperatorCommand.Kind.ROLLBACK, version, id));
        long deadline = System.nanoTime() + rollbackWait.toNanos();
        do {
            Optional<Long> created = createdBy(id);
            if (created.isPresent()) {
                return new Rollback(id, created);
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return new Rollback(id, Optional.empty());
    }

    /** The version a command created, found by the command id in its gate figures. */
    private Optional<Long> createdBy(String commandId) {
        for (ModelVersion v : registry.versions()) {
            if (v.gate() != null && commandId.equals(v.gate().get("command"))) {
                return Optional.of(v.version());
            }
        }
        return Optional.empty();
    }

    public static void publish(Producer<String, byte[]> producer, String topic, ModelVersion version) {
        send(producer, new ProducerRecord<>(topic, Long.toString(version.version()), Json.write(version)));
    }

    private ModelVersion requireVersion(long version) {
        return registry.version(version).orElseThrow(() -> new NoSuchElementException("no model version " + version));
    }

    private void send(OperatorCommand command) {
        send(producer, new ProducerRecord<>(trainingTopic, null, OperatorCommand.KEY, null, command.toHeaders()));
    }

    /** Sends and waits, so an operator action is on the topic when the call returns. */
    private static void send(Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e.getCause());
        }
    }
}
