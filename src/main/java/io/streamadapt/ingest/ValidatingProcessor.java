package io.streamadapt.ingest;

import io.streamadapt.contract.Checked;
import io.streamadapt.contract.DeadLetters;
import io.streamadapt.contract.Rejection;
import io.streamadapt.contract.Validator;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Validates each raw record once and routes it: the typed value to {@code validChild} keyed by its id, the original
 * bytes with reason headers to {@code deadLetterChild}. Nothing is thrown for bad input, so one bad record never stops
 * the task.
 */
final class ValidatingProcessor<T> implements Processor<byte[], byte[], Object, Object> {
    private final Function<byte[], Checked<T>> check;
    private final Validator validator;
    private final Function<T, String> idOf;
    private final String validChild;
    private final String deadLetterChild;
    private final IngestListener listener;
    private ProcessorContext<Object, Object> context;

    ValidatingProcessor(Validator validator, Function<byte[], Checked<T>> check, Function<T, String> idOf, String validChild,
                        String deadLetterChild, IngestListener listener) {
        this.check = check;
        this.validator = validator;
        this.idOf = idOf;
        this.validChild = validChild;
        this.deadLetterChild = deadLetterChild;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        Optional<Rejection> badEnvelope = validator.envelope(record.key(), record.headers());
        Checked<T> result = badEnvelope.<Checked<T>>map(Checked.Invalid::new).orElseGet(() -> check.apply(record.value()));
        if (result instanceof Checked.Valid<T> valid) {
            String id = idOf.apply(valid.value());
            if (id == null) {
                id = record.key() != null ? new String(record.key(), StandardCharsets.UTF_8)
                        : meta.topic() + "-" + meta.partition() + "-" + meta.offset();
            }
            listener.accepted(meta.topic());
            context.forward(new Record<Object, Object>(id, valid.value(), record.timestamp(), record.headers()), validChild);
        } else {
            Checked.Invalid<T> invalid = (Checked.Invalid<T>) result;
            listener.rejected(meta.topic(), invalid.rejection().reason());
            Headers headers = DeadLetters.annotate(record.headers(), invalid.rejection(), meta.topic(), meta.partition(), meta.offset());
            DeadLetters.Fitted dead = DeadLetters.fit(record.key(), record.value(), headers, validator.deadLetterMaxBytes());
            context.forward(new Record<Object, Object>(dead.key(), dead.value(), record.timestamp(), dead.headers()), deadLetterChild);
        }
    }
}
