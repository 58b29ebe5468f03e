package io.streamadapt.contract;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Names of the headers a dead letter carries next to the original key and value bytes. */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static final String REASON = "streamadapt.dlq.reason";
    public static final String DETAIL = "streamadapt.dlq.detail";
    public static final String TOPIC = "streamadapt.dlq.topic";
    public static final String PARTITION = "streamadapt.dlq.partition";
    public static final String OFFSET = "streamadapt.dlq.offset";

    /** Adds the dead-letter headers describing where the record came from and why it was rejected. */
    public static Headers annotate(Headers headers, Rejection rejection, String topic, int partition, long offset) {
        return headers.add(REASON, bytes(rejection.reason().name()))
                .add(DETAIL, bytes(rejection.detail()))
                .add(TOPIC, bytes(topic))
                .add(PARTITION, bytes(Integer.toString(partition)))
                .add(OFFSET, bytes(Long.toString(offset)));
    }

    /** The value of a header as text, or null. */
    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
