package io.streamadapt.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void annotatesWithReasonDetailAndSourcePosition() {
        Headers headers = DeadLetters.annotate(new RecordHeaders(),
                new Rejection(RejectReason.UNKNOWN_LABEL, "label 'x' is not one of the model's classes [0, 1]"),
                "adapt.labeled", 2, 12345L);

        assertThat(DeadLetters.header(headers, DeadLetters.REASON)).isEqualTo("UNKNOWN_LABEL");
        assertThat(DeadLetters.header(headers, DeadLetters.DETAIL)).isEqualTo("label 'x' is not one of the model's classes [0, 1]");
        assertThat(DeadLetters.header(headers, DeadLetters.TOPIC)).isEqualTo("adapt.labeled");
        assertThat(DeadLetters.header(headers, DeadLetters.PARTITION)).isEqualTo("2");
        assertThat(DeadLetters.header(headers, DeadLetters.OFFSET)).isEqualTo("12345");
    }

    @Test
    void keepsTheProducersHeadersNextToTheAnnotation() {
        Headers headers = new RecordHeaders().add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));

        DeadLetters.annotate(headers, new Rejection(RejectReason.EMPTY_RECORD, "record has no value"), "adapt.requests", 0, 0);

        assertThat(DeadLetters.header(headers, "trace-id")).isEqualTo("t-1");
        assertThat(DeadLetters.header(headers, DeadLetters.REASON)).isEqualTo("EMPTY_RECORD");
    }

    @Test
    void readsTheLatestAnnotationWhenADeadLetterIsRejectedAgain() {
        Headers headers = new RecordHeaders();
        DeadLetters.annotate(headers, new Rejection(RejectReason.OVERSIZE, "first"), "adapt.labeled", 0, 1);

        DeadLetters.annotate(headers, new Rejection(RejectReason.MALFORMED_JSON, "second"), "replayed", 1, 7);

        assertThat(DeadLetters.header(headers, DeadLetters.REASON)).isEqualTo("MALFORMED_JSON");
        assertThat(DeadLetters.header(headers, DeadLetters.TOPIC)).isEqualTo("replayed");
        assertThat(DeadLetters.header(headers, DeadLetters.OFFSET)).isEqualTo("7");
    }

    @Test
    void returnsNullForAnAbsentHeader() {
        assertThat(DeadLetters.header(new RecordHeaders(), DeadLetters.REASON)).isNull();
    }

    @Test
    void leavesADeadLetterThatFitsUntouched() {
        byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
        Headers headers = new RecordHeaders().add(DeadLetters.REASON, "OVERSIZE".getBytes(StandardCharsets.UTF_8));

        DeadLetters.Fitted f = DeadLetters.fit(null, value, headers, 4096);

        assertThat(f.value()).isSameAs(value);
        assertThat(DeadLetters.header(f.headers(), DeadLetters.ORIGINAL_SIZE)).isNull();
    }

    @Test
    void cutsTheValueOfADeadLetterThatWouldNotFitAndRecordsItsOriginalSize() {
        byte[] value = new byte[100_000];
        Headers headers = DeadLetters.annotate(new RecordHeaders(), new Rejection(RejectReason.OVERSIZE, "too large"), "adapt.labeled", 0, 9);

        DeadLetters.Fitted f = DeadLetters.fit("k".getBytes(StandardCharsets.UTF_8), value, headers, 10_000);

        assertThat(DeadLetters.size(f.key(), f.value(), f.headers())).isLessThanOrEqualTo(10_000);
        assertThat(f.value().length).isGreaterThan(9_000);
        assertThat(DeadLetters.header(f.headers(), DeadLetters.ORIGINAL_SIZE)).isEqualTo("100000");
        assertThat(DeadLetters.header(f.headers(), DeadLetters.REASON)).isEqualTo("OVERSIZE");
        assertThat(f.key()).containsExactly('k');
    }

    @Test
    void cutsAHugeKeyAndDropsTheProducersHeadersWhenCuttingTheValueIsNotEnough() {
        Headers headers = new RecordHeaders().add("producer-junk", new byte[50_000]);
        DeadLetters.annotate(headers, new Rejection(RejectReason.OVERSIZE, "record key is 60000 bytes"), "adapt.requests", 1, 2);

        DeadLetters.Fitted f = DeadLetters.fit(new byte[60_000], new byte[10], headers, 8_192);

        assertThat(DeadLetters.size(f.key(), f.value(), f.headers())).isLessThanOrEqualTo(8_192);
        assertThat(DeadLetters.header(f.headers(), DeadLetters.ORIGINAL_KEY_SIZE)).isEqualTo("60000");
        assertThat(DeadLetters.header(f.headers(), DeadLetters.REASON)).isEqualTo("OVERSIZE");
        assertThat(DeadLetters.header(f.headers(), "producer-junk")).isNull();
    }
}
