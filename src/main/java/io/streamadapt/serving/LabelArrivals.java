package io.streamadapt.serving;

import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
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
 * each one ({@link PriorTracker#labelsArrived}): a request this instance answered with the same features is then known to
 * be of its class. Every instance follows the whole topic, so each counts the labels of the requests it answered,
 * whichever instance trains. It starts at the topic's end, as the window holds only requests answered since start-up.
 *
 * <p>A label that matches no request yet waits ({@link WaitingLabels}), up to {@link #WAIT} and {@link #MAX_WAITING}
 * labels, and is tried again once the window has new requests (the follower looks at least every 200 ms): under a burst, labelled events are validated and
 * reach the training topic before the edge has answered their requests (in the fashion demo a third to a half of them
 * did). Most labels never match here when several instances share the requests, which is why they wait in a bounded
 * list and are matched in batches against an index of the window, never on the serving path.
 */
public final class LabelArrivals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabelArrivals.class);
    /** Longest a label waits for its request to be answered here. */
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Most labels waiting at once; the oldest give way. */
    static final int MAX_WAITING = 20_000;

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
        WaitingLabels waiting = new WaitingLabels(WAIT, MAX_WAITING);
        try {
            while (running) {
                List<PriorTracker.ArrivedLabel> fresh = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    // operator commands share the topic; they carry their content in headers and no value
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        LabeledEvent e = events.deserialize(topic, r.value());
                        fresh.add(new PriorTracker.ArrivedLabel(e.label(), e.features()));
                        seen.incrementAndGet();
                    } catch (RuntimeException unreadable) {
                        // the edge writes only validated events; anything else written there is not a label
                        LOG.warn("Skipping an unreadable record of {} at offset {}: {}", topic, r.offset(), unreadable.toString());
                    }
                }
                matched.addAndGet(waiting.match(fresh, System.nanoTime(), priors::observedRequests, priors::labelsArrived));
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
