package io.streamadapt.replay;

import io.streamadapt.adapt.Progress;
import io.streamadapt.contract.Json;
import io.streamadapt.data.Dataset;
import io.streamadapt.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends examples of a data set as JSON events. Example {@code i} is sent as request {@code r-<i>} and, {@code labelDelay}
 * examples later, as labelled event {@code e-<i>}: a producer learns the true label only after asking for a prediction.
 */
public final class Replayer {
    /** What to send for each example. */
    public enum Mode { BOTH, LABELED, REQUESTS }

    private final Producer<byte[], byte[]> producer;
    private final Topics topics;

    public Replayer(Producer<byte[], byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /**
     * @param ratePerSecond examples per second, 0 for as fast as possible
     * @param idPrefix      prefix of ids, so several replays into one topic stay distinguishable
     * @return number of records sent
     */
    public long replay(Dataset data, Mode mode, double ratePerSecond, int labelDelay, String idPrefix, Progress progress) {
        long sent = 0;
        long start = System.nanoTime();
        int n = data.size();
        for (int step = 0; step < n + labelDelay; step++) {
            if (step < n && mode != Mode.LABELED) {
                send(topics.requests().name(), idPrefix + "r-" + step, request(idPrefix + "r-" + step, data.features()[step]));
                sent++;
            }
            int labeled = mode == Mode.BOTH ? step - labelDelay : step;
            if (labeled >= 0 && labeled < n && mode != Mode.REQUESTS) {
                send(topics.labeled().name(), idPrefix + "e-" + labeled,
                        labeled(idPrefix + "e-" + labeled, data.features()[labeled], data.labelOf(labeled)));
                sent++;
            }
            if (step < n) {
                progress.step(1, null);
                if (ratePerSecond > 0) pace(start, step + 1, ratePerSecond);
            }
        }
        producer.flush();
        return sent;
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    static byte[] labeled(String id, float[] features, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("features", features);
        m.put("label", label);
        m.put("ts", System.currentTimeMillis());
        return Json.write(m);
    }

    static byte[] request(String id, float[] features) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("features", features);
        m.put("ts", System.currentTimeMillis());
        return Json.write(m);
    }

    private static void pace(long startNanos, long done, double rate) {
        long due = startNanos + (long) (done / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
    }
}
