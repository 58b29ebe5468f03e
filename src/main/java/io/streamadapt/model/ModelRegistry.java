package io.streamadapt.model;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.contract.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    private final Map<Long, Integer> artifactSizes = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final ModelCodec codec;
    private final NavigableMap<Long, ModelVersion> versions = new ConcurrentSkipListMap<>();
    private final List<Consumer<ModelRegistry>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private final Set<Long> unloadable = ConcurrentHashMap.newKeySet();
    private final AtomicLong skipped = new AtomicLong();
    private volatile Long pinned;
    private volatile boolean running = true;
    private volatile boolean following;

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
        following = true;
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
                if (changed || catchingUp) notifyListeners();
                if (catchingUp) caughtUp.countDown();
            }
        } catch (WakeupException e) {
            if (running) LOG.error("Model registry woken up while running");
        } catch (RuntimeException | Error e) {
            LOG.error("Model registry stopped: {}", e.toString(), e);
        } finally {
            following = false;
            consumer.close();
        }
    }

    /** A failing listener (a model that cannot be loaded) must not end the thread every instance depends on. */
    private void notifyListeners() {
        for (Consumer<ModelRegistry> l : listeners) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                LOG.error("Model registry listener failed: {}", e.toString(), e);
            }
        }
    }

    /**
     * Applies one record. Anything can be written to the topic (by hand, by an old release, by mistake) and compaction
     * keeps it forever, so a record that does not parse is skipped, counted and logged with its offset: start-up never
     * depends on every record being valid.
     */
    private boolean apply(ConsumerRecord<String, byte[]> r) {
        try {
            if (PIN_KEY.equals(r.key())) {
                pinned = r.value() == null ? null : Long.parseLong(new String(r.value(), StandardCharsets.UTF_8).trim());
                LOG.info(pinned == null ? "Serving unpinned" : "Serving pinned to version {}", pinned);
                return true;
            }
            long key = r.key() == null ? -1 : Long.parseLong(r.key());
            if (r.value() == null) {
                // tombstone: the trainer retired this version
                artifactSizes.remove(key);
                return versions.remove(key) != null;
            }
            ModelVersion v = Json.read(r.value(), ModelVersion.class);
            if (v.version() != key || v.version() < 0) {
                throw new IllegalArgumentException("key " + r.key() + " does not match version " + v.version());
            }
            if (v.artifact() == null || v.artifact().length == 0 || v.classes() == null || v.classes().isEmpty() || v.inputSize() <= 0) {
                throw new IllegalArgumentException("version " + v.version() + " has no artifact, classes or input size");
            }
            versions.put(v.version(), v);
            artifactSizes.put(v.version(), v.artifact().length);
            dropOldArtifacts();
            return true;
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            LOG.warn("Skipping unreadable record on {} at offset {} (key {}): {}", topic, r.offset(), abbreviate(r.key()), e.toString());
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Records on the models topic skipped because they could not be read, plus versions whose model could not be loaded. */
    public long skippedRecords() {
        return skipped.get();
    }

    /** Whether the follower thread is alive; false once it died (liveness must fail then). */
    public boolean following() {
        return following && thread.isAlive();
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
        if (v == null) throw new NoSuchElementException("no model version " + version);
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

    /** Version numbers, ascending. */
    public List<Long> numbers() {
        return List.copyOf(versions.keySet());
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

    /** The version serving should use: the pinned one if it exists, otherwise the newest one that can be loaded. */
    public Optional<ModelVersion> serving() {
        Long p = pinned;
        if (p != null && versions.containsKey(p) && !unloadable.contains(p)) return Optional.of(versions.get(p));
        return versions.descendingMap().values().stream().filter(v -> !unloadable.contains(v.version())).findFirst();
    }

    /**
     * Loads a version's model. Artifact bytes that do not load (corrupt, from another library version) mark the version
     * unloadable, so {@link #serving()} falls back to the one before it instead of failing on every change.
     */
    public Classifier load(ModelVersion v) {
        try {
            return codec.load(artifact(v.version()));
        } catch (RuntimeException e) {
            if (unloadable.add(v.version())) {
                skipped.incrementAndGet();
                LOG.error("Model version {} cannot be loaded and is skipped: {}", v.version(), e.toString());
            }
            throw new IllegalStateException("model version " + v.version() + " cannot be loaded", e);
        }
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
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(); // never started: the thread that would close it never runs
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
