package io.streamadapt.serving;

import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.kafka.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the training topic, where every valid labelled event lands, and tells this instance's label-shift window about
 * each one ({@link PriorTracker#labelArrived}): a request this instance answered with the same features is then known to
 * be of its class. Every instance follows the whole topic, so each counts the labels of the requests it answered,
 * whichever instance trains. It starts at the topic's end, as the window holds only requests answered since start-up.
 *
 * <p>A label is matched when it arrives; one that comes before its request reaches the window (the request waits behind
 * a slower partition) is not counted later, which keeps every lookup off the serving path.
 */
public final class LabelArrivals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabelArrivals.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private volatile boolean running = true;

    private LabelArrivals(KafkaConsumer<String, byte[]> consumer, Topic<String, LabeledEvent> training, PriorTracker priors) {
        this.consumer = consumer;
        List<TopicPartition> partitions = consumer.partitionsFor(training.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Deserializer<LabeledEvent> events = training.valueSerde().deserializer();
        thread = new Thread(() -> follow(training.name(), events, priors), "label-arrivals");
        thread.setDaemon(true);
    }

    /**
     * Starts following {@code training} from its end on a thread of its own.
     *
     * @param consumerProps a read-committed consumer with String keys and byte-array values: a labelled event counts once
     *                      its transaction has committed, as the trainer would read it
     */
    public static LabelArrivals follow(Map<String, Object> consumerProps, Topic<String, LabeledEvent> training, PriorTracker priors) {
        LabelArrivals a = new LabelArrivals(new KafkaConsumer<>(consumerProps), training, priors);
        a.thread.start();
        return a;
    }

    private void follow(String topic, Deserializer<LabeledEvent> events, PriorTracker priors) {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    // operator commands share the topic; they carry their content in headers and no value
                    if (r.value() == null) {
                        continue;
                    }
                    LabeledEvent e;
                    try {
                        e = events.deserialize(topic, r.value());
                    } catch (RuntimeException unreadable) {
                        // the edge writes only validated events; anything else written there is not a label
                        LOG.warn("Skipping an unreadable record of {} at offset {}: {}", topic, r.offset(), unreadable.toString());
                        continue;
                    }
                    seen.incrementAndGet();
                    if (priors.labelArrived(e.label(), e.features())) {
                        matched.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() ends the poll
        } catch (RuntimeException e) {
            LOG.error("Stopped following {} for the label-shift window: labels no longer count there", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Labelled events read so far. */
    public long seen() {
        return seen.get();
    }

    /** Of them, those that matched a request of this instance's window. */
    public long matched() {
        return matched.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
