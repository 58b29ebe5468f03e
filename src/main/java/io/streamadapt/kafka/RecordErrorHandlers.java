package io.streamadapt.kafka;

import io.streamadapt.contract.DeadLetters;
import io.streamadapt.contract.RejectReason;
import io.streamadapt.contract.Rejection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' three error handlers, so that no single record can stop a task: a record that cannot be read or
 * processed goes to the dead-letter topic (cut to fit, see {@link DeadLetters#fit}) and a record that cannot be written
 * is skipped; each is logged and counted. Kafka Streams builds the handlers itself, so their collaborators arrive as
 * configuration values under the keys below ({@link #configs}).
 *
 * <p>Under exactly-once a record the broker refuses also aborts its transaction, whatever the handler answers, so the
 * service makes sure such records are never built (bounded ids, labels and headers, dead letters cut to the topic's
 * limit, limits checked at start-up); the production handler is the last line for what slips through.
 */
public final class RecordErrorHandlers {
    static final String LISTENER = "streamadapt.errors.listener";
    static final String DLQ_TOPIC = "streamadapt.errors.dlq.topic";
    static final String DLQ_MAX_BYTES = "streamadapt.errors.dlq.max.bytes";
    private static final Logger LOG = LoggerFactory.getLogger(RecordErrorHandlers.class);

    private RecordErrorHandlers() {
    }

    /** The Streams properties that install the handlers. */
    public static Map<String, Object> configs(SkippedRecords listener, String dlqTopic, int dlqMaxBytes) {
        return Map.of(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, Deserialization.class,
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, Processing.class,
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, Production.class,
                LISTENER, listener, DLQ_TOPIC, dlqTopic, DLQ_MAX_BYTES, dlqMaxBytes);
    }

    /** What every handler needs: where dead letters go, how large they may be, whom to tell. */
    private abstract static class Base {
        SkippedRecords listener = SkippedRecords.NONE;
        String dlqTopic;
        int dlqMaxBytes = Integer.MAX_VALUE;

        public void configure(Map<String, ?> configs) {
            if (configs.get(LISTENER) instanceof SkippedRecords l) {
                listener = l;
            }
            dlqTopic = (String) configs.get(DLQ_TOPIC);
            Object max = configs.get(DLQ_MAX_BYTES);
            if (max != null) {
                dlqMaxBytes = Integer.parseInt(max.toString());
            }
        }

        List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext c, RejectReason reason, Exception e) {
            if (dlqTopic == null) {
                return List.of();
            }
            // the exception's class and message only: a stack trace in a header could itself make the record too large
            Rejection rejection = new Rejection(reason, e.getClass().getSimpleName() + ": " + e.getMessage());
            RecordHeaders headers = new RecordHeaders(c.headers() == null ? new Header[0] : c.headers().toArray());
            DeadLetters.annotate(headers, rejection, c.topic(), c.partition(), c.offset());
            DeadLetters.Fitted f = DeadLetters.fit(c.sourceRawKey(), c.sourceRawValue(), headers, dlqMaxBytes);
            return List.of(new ProducerRecord<>(dlqTopic, null, f.key(), f.value(), f.headers()));
        }
    }

    /** A record whose bytes cannot be read: dead letter, then the next record. */
    public static final class Deserialization extends Base implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext c, ConsumerRecord<byte[], byte[]> record, Exception e) {
            LOG.warn("Unreadable record at {}-{} offset {}: {}", c.topic(), c.partition(), c.offset(), e.toString());
            listener.skipped(c.topic(), SkippedRecords.Cause.DESERIALIZATION);
            return Response.resume(deadLetter(c, RejectReason.MALFORMED_JSON, e));
        }
    }

    /** A processor threw: dead letter, then the next record. */
    public static final class Processing extends Base implements ProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext c, Record<?, ?> record, Exception e) {
            LOG.warn("Processing failed in {} for the record at {}-{} offset {}", c.processorNodeId(), c.topic(), c.partition(), c.offset(), e);
            listener.skipped(c.topic(), SkippedRecords.Cause.PROCESSING);
            return Response.resume(deadLetter(c, RejectReason.PROCESSING_ERROR, e));
        }
    }

    /** A record that cannot be written is skipped, never retried forever; other failures (e.g. fencing) stay fatal. */
    public static final class Production extends Base implements ProductionExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext c, ProducerRecord<byte[], byte[]> record, Exception e) {
            if (!(e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException || e instanceof InvalidRecordException)) {
                return Response.fail();
            }
            skip(record, e);
            return Response.resume();
        }

        @Override
        public Response handleSerializationError(ErrorHandlerContext c, ProducerRecord record, Exception e, SerializationExceptionOrigin origin) {
            skip(record, e);
            return Response.resume();
        }

        private void skip(ProducerRecord<?, ?> record, Exception e) {
            LOG.error("Skipping a record for {} that cannot be written: {}", record.topic(), e.toString());
            listener.skipped(record.topic(), SkippedRecords.Cause.UNPRODUCIBLE);
        }
    }
}
