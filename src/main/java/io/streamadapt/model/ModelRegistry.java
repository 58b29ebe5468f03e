package io.streamadapt.model;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.contract.Json;
import java.nio.charset.StandardCharsets;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every published version and the operator's pin, in memory: the catalogue the serving holder, the trainer's operator
 * commands and the HTTP API read. It knows the models topic's records (a version under its number, a tombstone, the pin)
 * but not Kafka: a {@link ModelFeed} hands it the records in topic order ({@link ModelsTopicFeed} in the service, plain calls
 * in tests) and tells whether it is still following.
 *
 * <p>Why a follower of the compacted topic and not a {@code GlobalKTable}: start-up must have read every version before
 * it serves or publishes version 0, which a plain consumer read to the end gives directly; versions carry model bytes of
 * megabytes, which a table would copy into a local state store on every instance and which the registry instead drops
 * from memory for old versions and reads back on demand; and a table would need a third Kafka Streams client (or a task
 * in one of the two) with its own state directory and restoration, where a single consumer thread suffices.
 *
 * <p>About 200 lines of small accessors over one consistent snapshot of versions and pins.
 */
public final class ModelRegistry {
    /** Key of the control record that pins serving to one version (tombstone: unpinned). */
    public static final String PIN_KEY = "pin";
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /** Versions whose model bytes stay in memory besides version 0 and the pinned one; older ones are re-read on demand. */
    static final int ARTIFACTS_KEPT = 20;

    private final ModelCodec codec;
    private final Map<Long, Integer> artifactSizes = new ConcurrentHashMap<>();
    private final NavigableMap<Long, ModelVersion> versions = new ConcurrentSkipListMap<>();
    private final List<Consumer<ModelRegistry>> listeners = new CopyOnWriteArrayList<>();
    private final Set<Long> unloadable = ConcurrentHashMap.newKeySet();
    private volatile ModelFeed feed = ModelFeed.NONE;
    private volatile Long pinned;

    public ModelRegistry(ModelCodec codec) {
        this.codec = codec;
    }

    /** Attaches the feed that applies records to this catalogue. */
    void fedBy(ModelFeed source) {
        this.feed = source;
    }

    /** Called after every change (new version or pin) with the whole batch applied, on the feed's thread. */
    public void onChange(Consumer<ModelRegistry> listener) {
        listeners.add(listener);
    }

    /**
     * Applies one record of the models topic: a version under its number, a tombstone that retires one, or the pin.
     *
     * @return whether the catalogue changed
     * @throws IllegalArgumentException (or another runtime exception) when the record cannot be read; the catalogue is
     *                                  then unchanged and the feed skips the record
     */
    public boolean apply(String key, byte[] value) {
        if (PIN_KEY.equals(key)) {
            pinned = value == null ? null : Long.parseLong(new String(value, StandardCharsets.UTF_8).trim());
            LOG.info(pinned == null ? "Serving unpinned" : "Serving pinned to version {}", pinned);
            return true;
        }
        long number = key == null ? -1 : Long.parseLong(key);
        if (value == null) {
            // tombstone: the trainer retired this version
            artifactSizes.remove(number);
            return versions.remove(number) != null;
        }
        ModelVersion v = Json.read(value, ModelVersion.class);
        if (v.version() != number || v.version() < 0) {
            throw new IllegalArgumentException("key " + key + " does not match version " + v.version());
        }
        if (v.artifact() == null || v.artifact().length == 0 || v.classes() == null || v.classes().isEmpty() || v.inputSize() <= 0) {
            throw new IllegalArgumentException("version " + v.version() + " has no artifact, classes or input size");
        }
        versions.put(v.version(), v);
        artifactSizes.put(v.version(), v.artifact().length);
        dropOldArtifacts();
        return true;
    }

    /** Tells the listeners the catalogue changed; a failing listener (a model that cannot be loaded) does not stop the others. */
    public void changed() {
        for (Consumer<ModelRegistry> l : listeners) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                LOG.error("Model registry listener failed: {}", e.toString(), e);
            }
        }
    }

    /** Records on the models topic skipped because they could not be read, plus versions whose model could not be loaded. */
    public long skippedRecords() {
        return feed.skipped() + unloadable.size();
    }

    /** Whether the feed still follows the models topic; false once it died (liveness must fail then). */
    public boolean following() {
        return feed.following();
    }

    /** A long-running service publishes thousands of versions; only the ones likely to be loaded keep their bytes. */
    private void dropOldArtifacts() {
        if (versions.size() <= ARTIFACTS_KEPT + 1) {
            return;
        }
        long oldestKept = versions.lastKey() - ARTIFACTS_KEPT + 1;
        Long pin = pinned;
        for (Map.Entry<Long, ModelVersion> e : versions.headMap(oldestKept).entrySet()) {
            long v = e.getKey();
            if (v != 0 && (pin == null || v != pin) && e.getValue().artifact() != null) {
                versions.put(v, e.getValue().withoutArtifact());
            }
        }
    }

    /** The model bytes of a version, read again through the feed when they were dropped from memory. */
    public byte[] artifact(long version) {
        ModelVersion v = versions.get(version);
        if (v == null) {
            throw new NoSuchElementException("no model version " + version);
        }
        if (v.artifact() != null) {
            return v.artifact();
        }
        return feed.reread(Long.toString(version)).map(bytes -> Json.read(bytes, ModelVersion.class).artifact())
                .orElseThrow(() -> new IllegalStateException("model version " + version + " is no longer on the models topic"));
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
        if (p != null && versions.containsKey(p) && !unloadable.contains(p)) {
            return Optional.of(versions.get(p));
        }
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
                LOG.error("Model version {} cannot be loaded and is skipped: {}", v.version(), e.toString());
            }
            throw new IllegalStateException("model version " + v.version() + " cannot be loaded", e);
        }
    }

    /** A version's lineage without the model bytes (their size is kept even when the bytes were dropped). */
    public Optional<Map<String, Object>> summary(long version) {
        ModelVersion v = versions.get(version);
        if (v == null) {
            return Optional.empty();
        }
        Map<String, Object> m = v.summary();
        m.put("artifactBytes", artifactSizes.getOrDefault(version, 0));
        return Optional.of(m);
    }

    public List<Map<String, Object>> summaries() {
        List<Map<String, Object>> out = new ArrayList<>();
        versions.keySet().forEach(v -> out.add(summary(v).orElseThrow()));
        return out;
    }
}
