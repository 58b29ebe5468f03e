package io.streamadapt.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a single-partition compacted topic on its own thread, the way Kafka Connect's {@code KafkaBasedLog} does:
 * reads it from the beginning to the end it had at start-up (then {@link #awaitCaughtUp} returns), then keeps following,
 * handing every record to a {@link Handler}. Whatever the handler makes of the records is its business; this class only
 * knows keys, values and offsets.
 *
 * <p>Anything can be written to a topic (by hand, by an old release, by mistake) and compaction keeps it forever, so a
 * record the handler refuses (throws on) is skipped, counted in {@link #skipped()} and logged with its offset: start-up
 * never depends on every record being valid. A failing {@code afterChanges} callback is logged and the follower goes on;
 * only a failure of the consumer itself ends the thread, which {@link #following()} then reports.
 */
public final class CompactedTopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicFollower.class);

    /** Applies one record (a null value is a tombstone); throws when the record cannot be read. */
    @FunctionalInterface
    public interface Handler {
        /** @return whether the record changed what the handler holds */
        boolean apply(String key, byte[] value);
    }

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Consumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final Handler handler;
    private final Runnable afterChanges;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong skipped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean following;

    /**
     * @param consumerProps consumer settings with String keys and byte-array values; read-committed when the topic is
     *                      written in transactions, so a record exists only once its transaction commits
     * @param afterChanges  called on the follower thread after a poll that changed something, and once when the
     *                      catch-up completes (before {@link #awaitCaughtUp} returns), so listeners see whole batches
     */
    public CompactedTopicFollower(Map<String, Object> consumerProps, String topic, Handler handler, Runnable afterChanges) {
        this(() -> new KafkaConsumer<>(consumerProps), topic, handler, afterChanges);
    }

    /** With consumers from {@code consumers}: one to follow, and one for each {@link #latestValue} (tests pass mocks). */
    CompactedTopicFollower(Supplier<Consumer<String, byte[]>> consumers, String topic, Handler handler, Runnable afterChanges) {
        this.consumers = consumers;
        this.consumer = consumers.get();
        this.partition = new TopicPartition(topic, 0);
        this.handler = handler;
        this.afterChanges = afterChanges;
        this.thread = new Thread(this::run, "follower-" + topic);
        this.thread.setDaemon(true);
    }

    public CompactedTopicFollower start() {
        thread.start();
        return this;
    }

    /** Blocks until everything on the topic at start-up has been handled. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records the handler refused. */
    public long skipped() {
        return skipped.get();
    }

    /** Whether the follower thread is alive; false before {@link #start()} and once it died. */
    public boolean following() {
        return following && thread.isAlive();
    }

    private void run() {
        following = true;
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (running) {
                boolean changed = false;
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    changed |= apply(r);
                }
                boolean catchingUp = caughtUp.getCount() > 0;
                if (catchingUp && consumer.position(partition) < end) {
                    continue;
                }
                // listeners see the state before anyone waiting for the catch-up is released
                if (changed || catchingUp) {
                    notifyChanges();
                }
                if (catchingUp) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Follower of {} woken up while running", partition.topic());
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Follower of {} stopped: {}", partition.topic(), e.toString(), e);
        } finally {
            following = false;
            consumer.close();
        }
    }

    private boolean apply(ConsumerRecord<String, byte[]> r) {
        try {
            return handler.apply(r.key(), r.value());
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            LOG.warn("Skipping unreadable record on {} at offset {} (key {}): {}", partition.topic(), r.offset(), abbreviate(r.key()),
                    e.toString());
            return false;
        }
    }

    /** A failing listener (a model that cannot be loaded) must not end the thread every instance depends on. */
    private void notifyChanges() {
        try {
            afterChanges.run();
        } catch (RuntimeException e) {
            LOG.error("Listener of {} failed: {}", partition.topic(), e.toString(), e);
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /**
     * The newest value of {@code key} on the topic (tombstones aside), read again from the beginning with a consumer of its
     * own: for values too large to keep in memory, read back on the rare occasion they are needed. Empty when the key has no
     * value on the topic any more.
     */
    public Optional<byte[]> latestValue(String key) {
        byte[] found = null;
        try (Consumer<String, byte[]> reader = consumers.get()) {
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            while (reader.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key()) && r.value() != null) {
                        found = r.value();
                    }
                }
            }
        }
        return Optional.ofNullable(found);
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
