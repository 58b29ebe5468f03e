package io.streamadapt.contract;

import java.util.Locale;

/** Why a record went to the dead-letter topic. The lower-case name is the {@code reason} label of the dead-letter counter. */
public enum RejectReason {
    MALFORMED_JSON, MISSING_FIELD, WRONG_TYPE, WRONG_FEATURE_COUNT, NON_FINITE_VALUE, UNKNOWN_LABEL, OVERSIZE, EMPTY_RECORD,
    /** An unexpected failure while processing a record that passed validation. */
    PROCESSING_ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
