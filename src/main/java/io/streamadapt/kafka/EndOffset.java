package io.streamadapt.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed end of one partition (the offset its next record will get, as a {@code read_committed} reader sees it),
 * looked up on a background thread every {@code interval}, so a stream task can tell how many records wait behind the
 * one it is processing without a call to the broker per record. -1 until the first answer.
 */
public final class EndOffset implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndOffset.class);

    private final Admin admin;
    private final TopicPartition partition;
    private final AtomicLong end = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean running = true;

    private EndOffset(Admin admin, TopicPartition partition, Duration interval) {
        this.admin = admin;
        this.partition = partition;
        thread = new Thread(() -> {
            while (running) {
                refresh();
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "end-offset-" + partition);
        thread.setDaemon(true);
    }

    /** Starts following the end of {@code partition}. */
    public static EndOffset follow(Map<String, Object> adminProps, TopicPartition partition, Duration interval) {
        EndOffset e = new EndOffset(Admin.create(adminProps), partition, interval);
        e.thread.start();
        return e;
    }

    /** The offset the partition's next committed record will get; -1 while unknown. */
    public long get() {
        return end.get();
    }

    private void refresh() {
        try {
            long offset = admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(partition).get(10, TimeUnit.SECONDS).offset();
            end.set(offset);
        } catch (ExecutionException | TimeoutException e) {
            // a broker that does not answer leaves the last known end: the trainer then judges its backlog from it
            LOG.debug("End offset of {} not known: {}", partition, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
