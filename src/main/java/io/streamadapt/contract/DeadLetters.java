package io.streamadapt.contract;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Names of the headers a dead letter carries next to the original key and value bytes. */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static final String REASON = "streamadapt.dlq.reason";
    public static final String DETAIL = "streamadapt.dlq.detail";
    public static final String TOPIC = "streamadapt.dlq.topic";
    public static final String PARTITION = "streamadapt.dlq.partition";
    public static final String OFFSET = "streamadapt.dlq.offset";
    /** Set when the value was cut to fit the dead-letter topic: the original value size in bytes. */
    public static final String ORIGINAL_SIZE = "streamadapt.dlq.original-size";
    /** Set when the key was cut to fit the dead-letter topic: the original key size in bytes. */
    public static final String ORIGINAL_KEY_SIZE = "streamadapt.dlq.original-key-size";

    /**
     * Upper bound of what Kafka adds around one record in its own batch (61-byte batch header, varint lengths and
     * attributes), plus room for a later header; sizes below subtract it from the topic's {@code max.message.bytes}.
     */
    static final int RECORD_OVERHEAD = 256;
    /** Per header: key and value length varints. */
    private static final int HEADER_OVERHEAD = 10;

    /** A dead letter that fits the topic: key, value and headers, some possibly cut. */
    public record Fitted(byte[] key, byte[] value, Headers headers) {
    }

    /**
     * Makes a dead letter fit in {@code maxRecordBytes} (the dead-letter topic's {@code max.message.bytes}): a record
     * that almost reached the broker's limit would otherwise be too large once the reason headers are added, and a
     * dead letter that cannot be written stops the task that rejected it. The value is cut first, then the key, then
     * the producer's own headers are dropped; each cut is recorded in a header with the original size.
     */
    public static Fitted fit(byte[] key, byte[] value, Headers headers, int maxRecordBytes) {
        if (size(key, value, headers) <= maxRecordBytes) {
            return new Fitted(key, value, headers);
        }
        Headers out = new RecordHeaders(headers.toArray());
        byte[] v = value;
        if (value != null) {
            out.add(ORIGINAL_SIZE, bytes(Integer.toString(value.length)));
            v = Arrays.copyOf(value, Math.max(0, value.length - (size(key, value, out) - maxRecordBytes)));
        }
        byte[] k = key;
        if (key != null && size(k, v, out) > maxRecordBytes) {
            out.add(ORIGINAL_KEY_SIZE, bytes(Integer.toString(key.length)));
            k = Arrays.copyOf(key, Math.max(0, key.length - (size(k, v, out) - maxRecordBytes)));
        }
        if (size(k, v, out) > maxRecordBytes) {
            Headers ours = new RecordHeaders();
            for (Header h : out) {
                if (h.key().startsWith("streamadapt.dlq.")) {
                    ours.add(h);
                }
            }
            out = ours;
        }
        return new Fitted(k, v, out);
    }

    /** Upper bound of a record's size in a batch of its own. */
    public static int size(byte[] key, byte[] value, Headers headers) {
        int n = RECORD_OVERHEAD + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            n += HEADER_OVERHEAD + h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

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
