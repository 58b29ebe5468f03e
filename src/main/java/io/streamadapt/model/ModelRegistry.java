package io.streamadapt.model;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.contract.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted models topic from the beginning (read-committed, so a version exists only once its
 * transaction commits) and keeps every version plus the operator's pin. Each instance runs one; the serving holder and
 * the HTTP API read from it.
 */
public final class ModelRegistry implements AutoCloseable {
    /** Key of the control record that pins serving to one version (tombstone: unpinned). */
    public static final String PIN_KEY = "pin";
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /** Versions whose model bytes stay in memory besides version 0 and the pinned one; older ones are re-read on demand. */
    static final int ARTIFACTS_KEPT = 20;

    private final Map<String, Object> consumerProps;
    private final Map<Long, Integer> artifactSizes = new java.util.concurrent.ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final ModelCodec codec;
    private final NavigableMap<Long, ModelVersion> versions = new ConcurrentSkipListMap<>();
    private final List<Consumer<ModelRegistry>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile Long pinned;
    private volatile boolean running = true;

    public ModelRegistry(Map<String, Object> consumerProps, String topic, ModelCodec codec) {
        this.consumerProps = Map.copyOf(consumerProps);
        this.consumer = new KafkaConsumer<>(consumerProps);
        this.topic = topic;
        this.codec = codec;
        this.thread = new Thread(this::run, "model-registry");
        this.thread.setDaemon(true);
    }

    public ModelRegistry start() {
        thread.start();
        return this;
    }

    /** Called after every change (new version or pin), on the registry thread. */
    public void onChange(Consumer<ModelRegistry> listener) {
        listeners.add(listener);
    }

    /** Blocks until everything on the topic at start-up has been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        TopicPartition tp = new TopicPartition(topic, 0);
        try {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (running) {
                boolean changed = false;
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) changed |= apply(r);
                boolean catchingUp = caughtUp.getCount() > 0;
                if (catchingUp && consumer.position(tp) < end) continue;
                // listeners (the serving holder) see the state before anyone waiting for the catch-up is released
                if (changed || catchingUp) listeners.forEach(l -> l.accept(this));
                if (catchingUp) caughtUp.countDown();
            }
        } catch (WakeupException e) {
            if (running) throw e;
        } catch (RuntimeException e) {
            LOG.error("Model registry stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private boolean apply(ConsumerRecord<String, byte[]> r) {
        if (PIN_KEY.equals(r.key())) {
            pinned = r.value() == null ? null : Long.parseLong(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).trim());
            LOG.info(pinned == null ? "Serving unpinned" : "Serving pinned to version {}", pinned);
            return true;
        }
        if (r.value() == null) return false;
        try {
            ModelVersion v = Json.read(r.value(), ModelVersion.class);
            versions.put(v.version(), v);
            artifactSizes.put(v.version(), v.artifact() == null ? 0 : v.artifact().length);
            dropOldArtifacts();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable model record at offset {}: {}", r.offset(), e.getMessage());
            return false;
        }
    }

    /** A long-running service publishes thousands of versions; only the ones likely to be loaded keep their bytes. */
    private void dropOldArtifacts() {
        if (versions.size() <= ARTIFACTS_KEPT + 1) return;
        long oldestKept = versions.lastKey() - ARTIFACTS_KEPT + 1;
        Long pin = pinned;
        for (Map.Entry<Long, ModelVersion> e : versions.headMap(oldestKept).entrySet()) {
            long v = e.getKey();
            if (v != 0 && (pin == null || v != pin) && e.getValue().artifact() != null) {
                versions.put(v, e.getValue().withoutArtifact());
            }
        }
    }

    /** The model bytes of a version, re-read from the models topic when they were dropped from memory. */
    public byte[] artifact(long version) {
        ModelVersion v = versions.get(version);
        if (v == null) throw new java.util.NoSuchElementException("no model version " + version);
        if (v.artifact() != null) return v.artifact();
        TopicPartition tp = new TopicPartition(topic, 0);
        byte[] found = null;
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(consumerProps)) {
            reader.assign(List.of(tp));
            reader.seekToBeginning(List.of(tp));
            long end = reader.endOffsets(List.of(tp)).get(tp);
            String key = Long.toString(version);
            while (reader.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key()) && r.value() != null) found = Json.read(r.value(), ModelVersion.class).artifact();
                }
            }
        }
        if (found == null) throw new IllegalStateException("model version " + version + " is no longer on " + topic);
        return found;
    }

    public Collection<ModelVersion> versions() {
        return versions.values();
    }

    public Optional<ModelVersion> version(long v) {
        return Optional.ofNullable(versions.get(v));
    }

    public Optional<ModelVersion> latest() {
        Map.Entry<Long, ModelVersion> e = versions.lastEntry();
        return e == null ? Optional.empty() : Optional.of(e.getValue());
    }

    public Optional<Long> pinned() {
        return Optional.ofNullable(pinned);
    }

    /** The version serving should use: the pinned one if it exists, otherwise the newest. */
    public Optional<ModelVersion> serving() {
        Long p = pinned;
        if (p != null && versions.containsKey(p)) return Optional.of(versions.get(p));
        return latest();
    }

    public Classifier load(ModelVersion v) {
        return codec.load(artifact(v.version()));
    }

    /** A version's lineage without the model bytes (their size is kept even when the bytes were dropped). */
    public Optional<Map<String, Object>> summary(long version) {
        ModelVersion v = versions.get(version);
        if (v == null) return Optional.empty();
        Map<String, Object> m = v.summary();
        m.put("artifactBytes", artifactSizes.getOrDefault(version, 0));
        return Optional.of(m);
    }

    public List<Map<String, Object>> summaries() {
        List<Map<String, Object>> out = new ArrayList<>();
        versions.keySet().forEach(v -> out.add(summary(v).orElseThrow()));
        return out;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
