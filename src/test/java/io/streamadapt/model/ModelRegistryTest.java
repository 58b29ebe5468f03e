package io.streamadapt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.contract.Json;
import io.streamadapt.testing.FixedClassifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry as a pure catalogue: records applied by hand in topic order, no broker. */
class ModelRegistryTest {
    private static final List<String> CLASSES = List.of("a", "b");
    private static final Classifier MODEL = new FixedClassifier(CLASSES, 0, 0.9);

    /** Loads any bytes as {@link #MODEL}, except bytes starting with 0, which are no model. */
    private static final ModelCodec CODEC = new ModelCodec() {
        @Override
        public byte[] save(Classifier model) {
            return new byte[]{1};
        }

        @Override
        public Classifier load(byte[] bytes) {
            if (bytes[0] == 0) {
                throw new IllegalArgumentException("not a model");
            }
            return MODEL;
        }
    };

    /** A feed that follows and re-reads from records it was given, as the models topic would. */
    private static final class FakeFeed implements ModelFeed {
        final Map<String, byte[]> topic = new HashMap<>();
        final List<String> rereads = new ArrayList<>();
        boolean following = true;
        long skipped;

        @Override
        public boolean following() {
            return following;
        }

        @Override
        public long skipped() {
            return skipped;
        }

        @Override
        public Optional<byte[]> reread(String key) {
            rereads.add(key);
            return Optional.ofNullable(topic.get(key));
        }
    }

    private final ModelRegistry registry = new ModelRegistry(CODEC);

    private static byte[] version(long v, byte[] artifact) {
        ModelVersion mv = v == 0 ? ModelVersion.source(MODEL, artifact, null, 0)
                : ModelVersion.fineTuned(new ModelVersion.Lineage(v, v - 1), AdaptationStep.Origin.FINE_TUNED, MODEL, artifact,
                        new ModelVersion.TrainingRange(v, v, 1), Map.of(), null, 0);
        return Json.write(mv);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void versionsPinsAndTombstonesAreAppliedInTopicOrder() {
        assertThat(registry.apply("0", version(0, new byte[]{1}))).isTrue();
        assertThat(registry.apply("1", version(1, new byte[]{2}))).isTrue();
        assertThat(registry.apply("2", version(2, new byte[]{3}))).isTrue();
        assertThat(registry.apply(ModelRegistry.PIN_KEY, utf8(" 1 "))).isTrue();

        assertThat(registry.numbers()).containsExactly(0L, 1L, 2L);
        assertThat(registry.latest().orElseThrow().version()).isEqualTo(2);
        assertThat(registry.pinned()).contains(1L);
        assertThat(registry.serving().orElseThrow().version()).as("the pin wins over the newest").isEqualTo(1);

        assertThat(registry.apply("2", null)).as("a tombstone retires a version").isTrue();
        assertThat(registry.apply("9", null)).as("a tombstone of an unknown version changes nothing").isFalse();
        assertThat(registry.apply(ModelRegistry.PIN_KEY, null)).isTrue();

        assertThat(registry.numbers()).containsExactly(0L, 1L);
        assertThat(registry.pinned()).isEmpty();
        assertThat(registry.serving().orElseThrow().version()).isEqualTo(1);
        assertThat(registry.summary(1).orElseThrow()).containsEntry("parent", 0L).containsEntry("artifactBytes", 1);
    }

    @Test
    void recordsItCannotReadAreRefusedAndLeaveTheCatalogueAsItWas() {
        registry.apply("0", version(0, new byte[]{1}));
        registry.apply(ModelRegistry.PIN_KEY, utf8("0"));

        assertThatThrownBy(() -> registry.apply(ModelRegistry.PIN_KEY, utf8("abc"))).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> registry.apply("2", utf8("{not json"))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> registry.apply("banana", version(3, new byte[]{1}))).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> registry.apply("4", version(5, new byte[]{1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> registry.apply("6", version(6, new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no artifact");

        assertThat(registry.numbers()).containsExactly(0L);
        assertThat(registry.pinned()).contains(0L);
    }

    @Test
    void onlyRecentVersionsKeepTheirBytesAndOldOnesAreReadBackThroughTheFeed() {
        FakeFeed feed = new FakeFeed();
        registry.fedBy(feed);
        int count = ModelRegistry.ARTIFACTS_KEPT + 5;
        for (int v = 0; v < count; v++) {
            byte[] record = version(v, new byte[]{(byte) v, 42});
            feed.topic.put(Long.toString(v), record);
            registry.apply(Long.toString(v), record);
        }

        assertThat(registry.version(0).orElseThrow().artifact()).as("version 0 stays loaded").isNotNull();
        assertThat(registry.version(1).orElseThrow().artifact()).as("old bytes dropped from memory").isNull();
        assertThat(registry.version(count - 1).orElseThrow().artifact()).isNotNull();
        assertThat(registry.summary(1).orElseThrow()).as("the size survives the bytes").containsEntry("artifactBytes", 2);

        assertThat(registry.artifact(1)).containsExactly(1, 42);
        assertThat(registry.artifact(count - 1)).containsExactly(count - 1, 42);
        assertThat(feed.rereads).as("only dropped bytes are read back").containsExactly("1");

        feed.topic.remove("2");
        assertThatThrownBy(() -> registry.artifact(2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer");
        assertThatThrownBy(() -> registry.artifact(count + 5)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aPinnedVersionKeepsItsBytesHoweverOld() {
        registry.fedBy(new FakeFeed());
        registry.apply(ModelRegistry.PIN_KEY, utf8("1"));
        for (int v = 0; v < ModelRegistry.ARTIFACTS_KEPT + 5; v++) {
            registry.apply(Long.toString(v), version(v, new byte[]{(byte) v, 42}));
        }

        assertThat(registry.version(1).orElseThrow().artifact()).containsExactly(1, 42);
        assertThat(registry.version(2).orElseThrow().artifact()).isNull();
    }

    @Test
    void aVersionThatDoesNotLoadIsPassedOverAndCountedOnce() {
        FakeFeed feed = new FakeFeed();
        feed.skipped = 3;
        registry.fedBy(feed);
        registry.apply("0", version(0, new byte[]{1}));
        registry.apply("1", version(1, new byte[]{0, 1}));

        assertThat(registry.load(registry.version(0).orElseThrow())).isSameAs(MODEL);
        assertThatThrownBy(() -> registry.load(registry.version(1).orElseThrow())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.load(registry.version(1).orElseThrow())).isInstanceOf(IllegalStateException.class);

        assertThat(registry.serving().orElseThrow().version()).as("an unloadable version is passed over").isZero();
        assertThat(registry.skippedRecords()).as("three skipped by the feed, one unloadable version").isEqualTo(4);
    }

    @Test
    void listenersHearOfChangesAndOneThatFailsDoesNotSilenceTheOthers() {
        List<Long> heard = new ArrayList<>();
        registry.onChange(r -> {
            throw new IllegalStateException("a listener that fails");
        });
        registry.onChange(r -> heard.add(r.latest().orElseThrow().version()));
        registry.apply("0", version(0, new byte[]{1}));
        registry.apply("1", version(1, new byte[]{1}));

        registry.changed();

        assertThat(heard).as("listeners hear of a whole batch once").containsExactly(1L);
    }

    @Test
    void withoutAFeedTheCatalogueFollowsNothingAndHasSkippedNothing() {
        assertThat(registry.following()).isFalse();
        assertThat(registry.skippedRecords()).isZero();

        FakeFeed feed = new FakeFeed();
        registry.fedBy(feed);
        assertThat(registry.following()).isTrue();
        feed.following = false;
        assertThat(registry.following()).as("a dead feed fails liveness").isFalse();
    }
}
