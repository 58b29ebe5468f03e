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
 * A {@link ReplayPlan} makes labels scarce (only some requests are ever labelled) and shifts the class priors of the
 * second half of the stream.
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
        return replay(ReplayPlan.all(data), 0, data.size(), mode, ratePerSecond, labelDelay, idPrefix, progress);
    }

    /**
     * Sends examples {@code from} to {@code to} of a plan: every one as a request, the plan's labelled ones also as
     * labelled events. Ids are the examples' positions in the whole plan, so a plan replayed in parts keeps its ids.
     *
     * @return number of records sent
     */
    public long replay(ReplayPlan plan, int from, int to, Mode mode, double ratePerSecond, int labelDelay, String idPrefix,
                       Progress progress) {
        Dataset data = plan.stream();
        long sent = 0;
        long start = System.nanoTime();
        int n = to - from;
        for (int step = 0; step < n + labelDelay; step++) {
            if (step < n && mode != Mode.LABELED) {
                int i = from + step;
                send(topics.requests().name(), idPrefix + "r-" + i, request(idPrefix + "r-" + i, data.features()[i]));
                sent++;
            }
            int labeled = (mode == Mode.BOTH ? step - labelDelay : step) + from;
            if (labeled >= from && labeled < to && mode != Mode.REQUESTS && plan.labelled()[labeled]) {
                send(topics.labeled().name(), idPrefix + "e-" + labeled,
                        labeled(idPrefix + "e-" + labeled, data.features()[labeled], data.labelOf(labeled)));
                sent++;
            }
            if (step < n) {
                progress.step(1, null);
                if (ratePerSecond > 0) {
                    pace(start, step + 1, ratePerSecond);
                }
            }
        }
        producer.flush();
        return sent;
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    public static byte[] labeled(String id, float[] features, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("features", features);
        m.put("label", label);
        m.put("ts", System.currentTimeMillis());
        return Json.write(m);
    }

    public static byte[] request(String id, float[] features) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("features", features);
        m.put("ts", System.currentTimeMillis());
        return Json.write(m);
    }

    private static void pace(long startNanos, long done, double rate) {
        long due = startNanos + (long) (done / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
