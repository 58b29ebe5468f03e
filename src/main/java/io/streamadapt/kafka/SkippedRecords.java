package io.streamadapt.kafka;

import java.util.Locale;

/** Told about every record Kafka Streams' error handlers skip, so each one is counted. */
public interface SkippedRecords {
    /** Why a record was skipped; the lower-case name is the {@code cause} label of the counter. */
    enum Cause {
        /** The record could not be written: too large for the topic, or not serialisable. */
        UNPRODUCIBLE,
        /** A processor threw while handling it; it went to the dead-letter topic. */
        PROCESSING,
        /** Its bytes could not be read; it went to the dead-letter topic. */
        DESERIALIZATION;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Ignores everything: for tests and tools without metrics. */
    SkippedRecords NONE = (topic, cause) -> {
    };

    void skipped(String topic, Cause cause);
}
