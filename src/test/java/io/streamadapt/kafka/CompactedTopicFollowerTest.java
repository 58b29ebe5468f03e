package io.streamadapt.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The follower of a compacted topic, on mock consumers: catch-up, skipped records, listeners, a dead consumer, re-reads. */
class CompactedTopicFollowerTest {
    private static final String TOPIC = "adapt.models";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final Deque<MockConsumer<String, byte[]>> consumers = new ArrayDeque<>();
    /** What the handler applied, key to value, in order. */
    private final Map<String, String> applied = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Integer> sizesSeenByListener = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger listenerCalls = new AtomicInteger();
    private CompactedTopicFollower follower;

    @AfterEach
    void close() {
        if (follower != null) {
            follower.close();
        }
    }

    private static MockConsumer<String, byte[]> consumer(long endOffset) {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        c.updateBeginningOffsets(Map.of(PARTITION, 0L));
        c.updateEndOffsets(Map.of(PARTITION, endOffset));
        return c;
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses values starting with "bad", as a catalogue refuses records it cannot parse. */
    private boolean apply(String key, byte[] value) {
        String v = value == null ? null : new String(value, StandardCharsets.UTF_8);
        if (v != null && v.startsWith("bad")) {
            throw new IllegalArgumentException("unreadable");
        }
        if (v == null) {
            return applied.remove(key) != null;
        }
        applied.put(key, v);
        return true;
    }

    private CompactedTopicFollower follower(Runnable afterChanges) {
        follower = new CompactedTopicFollower(consumers::poll, TOPIC, this::apply, afterChanges);
        return follower;
    }

    @Test
    void readsToTheEndBeforeReleasingStartUpAndSkipsWhatItCannotRead() throws Exception {
        MockConsumer<String, byte[]> main = consumer(4);
        main.schedulePollTask(() -> {
            main.addRecord(record(0, "0", "v0"));
            main.addRecord(record(1, "1", "bad json"));
        });
        main.schedulePollTask(() -> {
            main.addRecord(record(2, "2", "v2"));
            main.addRecord(record(3, "0", null));
        });
        consumers.add(main);

        follower(() -> sizesSeenByListener.add(applied.size())).start();

        assertThat(follower.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        assertThat(applied).containsExactly(Map.entry("2", "v2"));
        assertThat(sizesSeenByListener).as("the listener saw the caught-up state before start-up went on").containsExactly(1);
        assertThat(follower.skipped()).isEqualTo(1);
        assertThat(follower.following()).isTrue();
    }

    @Test
    void keepsFollowingAfterTheCatchUpAndAFailingListenerDoesNotStopIt() throws Exception {
        MockConsumer<String, byte[]> main = consumer(0);
        consumers.add(main);
        follower(() -> {
            listenerCalls.incrementAndGet();
            throw new IllegalStateException("a listener that fails");
        }).start();
        assertThat(follower.awaitCaughtUp(Duration.ofSeconds(10))).as("an empty topic is read at once").isTrue();

        main.schedulePollTask(() -> main.addRecord(record(0, "5", "v5")));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!applied.containsKey("5") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(applied).containsEntry("5", "v5");
        Thread.sleep(100);
        assertThat(listenerCalls.get()).as("once at the catch-up, once for the new record").isEqualTo(2);
        assertThat(follower.following()).isTrue();
    }

    @Test
    void aConsumerThatFailsEndsTheFollowingWhichLivenessCanSee() throws Exception {
        MockConsumer<String, byte[]> main = consumer(0);
        consumers.add(main);
        follower(() -> { }).start();
        assertThat(follower.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();

        main.setPollException(new KafkaException("broker gone"));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (follower.following() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(follower.following()).isFalse();
        assertThat(main.closed()).as("the dead follower closed its consumer").isTrue();
    }

    @Test
    void aFollowerNeverStartedIsNotFollowing() {
        consumers.add(consumer(0));
        assertThat(follower(() -> { }).following()).isFalse();
    }

    @Test
    void readsBackTheNewestValueOfAKeyWithAConsumerOfItsOwn() {
        consumers.add(consumer(0));
        MockConsumer<String, byte[]> reader = consumer(4);
        reader.schedulePollTask(() -> {
            reader.addRecord(record(0, "1", "first"));
            reader.addRecord(record(1, "2", "other"));
            reader.addRecord(record(2, "1", "second"));
            reader.addRecord(record(3, "1", null));
        });
        consumers.add(reader);
        MockConsumer<String, byte[]> emptyReader = consumer(0);
        consumers.add(emptyReader);
        follower(() -> { });

        assertThat(follower.latestValue("1")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("second"));
        assertThat(reader.closed()).isTrue();
        assertThat(follower.latestValue("1")).as("nothing on the topic").isEmpty();
    }
}
