package io.streamadapt.cli;

import io.streamadapt.contract.Json;
import io.streamadapt.contract.Prediction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads the predictions topic like a consumer would, counts distinct request ids and duplicates, and keeps each
 * request's first prediction so the demo can score what was served.
 */
final class PredictionCounter implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final Map<String, Prediction> predictions = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    PredictionCounter(Map<String, Object> consumerProps, String topic) {
        this.consumer = new KafkaConsumer<>(consumerProps);
        this.topic = topic;
        this.thread = new Thread(this::run, "prediction-counter");
        this.thread.setDaemon(true);
    }

    PredictionCounter start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!ids.add(r.key())) {
                        duplicates.incrementAndGet();
                    } else {
                        predictions.put(r.key(), Json.read(r.value(), Prediction.class));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    long count() {
        return ids.size();
    }

    /** The prediction served for a request id, or null. */
    Prediction prediction(String id) {
        return predictions.get(id);
    }

    long duplicates() {
        return duplicates.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
