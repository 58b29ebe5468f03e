package io.streamadapt.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.contract.DeadLetters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** The error handlers skip and count what cannot be written, and dead-letter what cannot be read, cut to fit. */
class RecordErrorHandlersTest {
    private final List<String> skipped = new ArrayList<>();

    private Map<String, Object> configs(int dlqMaxBytes) {
        return new HashMap<>(RecordErrorHandlers.configs((topic, cause) -> skipped.add(topic + ":" + cause.label()), "adapt.dlq", dlqMaxBytes));
    }

    private static ErrorHandlerContext context(byte[] rawValue) {
        return new ErrorHandlerContext() {
            @Override public String topic() { return "app.training"; }
            @Override public int partition() { return 0; }
            @Override public long offset() { return 77; }
            @Override public Headers headers() { return new RecordHeaders(); }
            @Override public String processorNodeId() { return "trainer"; }
            @Override public TaskId taskId() { return new TaskId(0, 0); }
            @Override public long timestamp() { return 0; }
            @Override public byte[] sourceRawKey() { return null; }
            @Override public byte[] sourceRawValue() { return rawValue; }
        };
    }

    @Test
    void aRecordTooLargeToWriteIsSkippedAndCountedButFencingStaysFatal() {
        RecordErrorHandlers.Production handler = new RecordErrorHandlers.Production();
        handler.configure(configs(4096));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("adapt.predictions", new byte[10]);

        assertThat(handler.handleError(context(null), record, new RecordTooLargeException("too large")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(handler.handleError(context(null), record, new TopicAuthorizationException("no")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(handler.handleSerializationError(context(null), new ProducerRecord<>("adapt.models", "v"), new IllegalStateException("x"),
                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE).result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(skipped).containsExactly("adapt.predictions:unproducible", "adapt.models:unproducible");
    }

    @Test
    void anUnreadableRecordBecomesADeadLetterCutToFit() {
        RecordErrorHandlers.Deserialization handler = new RecordErrorHandlers.Deserialization();
        handler.configure(configs(8192));
        byte[] raw = new byte[100_000];

        DeserializationExceptionHandler.Response r = handler.handleError(context(raw),
                new ConsumerRecord<>("app.training", 0, 77, null, raw), new IllegalArgumentException("not JSON"));

        assertThat(r.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = r.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("adapt.dlq");
        assertThat(DeadLetters.size(dead.key(), dead.value(), dead.headers())).isLessThanOrEqualTo(8192);
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isEqualTo("MALFORMED_JSON");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.OFFSET)).isEqualTo("77");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.ORIGINAL_SIZE)).isEqualTo("100000");
        assertThat(skipped).containsExactly("app.training:deserialization");
    }
}
