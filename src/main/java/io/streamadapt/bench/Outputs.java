package io.streamadapt.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads an output topic with {@code read_committed} on its own thread and matches each record's key with a request the
 * bench sent, recording how long after its send it became readable. Records of other keys are ignored.
 */
final class Outputs implements AutoCloseable {
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final AtomicLong matched = new AtomicLong();
    private final Thread thread;
    private volatile Latencies latencies = new Latencies();
    private volatile boolean running = true;
    private volatile boolean assigned;

    Outputs(Map<String, Object> consumerProps, String topic) {
        thread = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProps)) {
                c.subscribe(List.of(topic));
                while (running) {
                    assigned = !c.assignment().isEmpty();
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(20))) {
                        Long sent = r.key() == null ? null : pending.remove(r.key());
                        if (sent != null) {
                            latencies.recordNanos(System.nanoTime() - sent);
                            matched.incrementAndGet();
                        }
                    }
                }
            }
        }, "bench-outputs-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the reader has its partitions, so a timed run does not include joining the group. */
    void awaitAssigned(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!assigned) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the output reader got no partitions in " + timeout);
            }
            Thread.sleep(10);
        }
    }

    /** Expects an output with this key; the latency counts from now. */
    void sent(String key) {
        pending.put(key, System.nanoTime());
    }

    long matched() {
        return matched.get();
    }

    /** Starts a new run: counts and latencies from zero. */
    void reset() {
        pending.clear();
        matched.set(0);
        latencies = new Latencies();
    }

    Latencies latencies() {
        return latencies;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
