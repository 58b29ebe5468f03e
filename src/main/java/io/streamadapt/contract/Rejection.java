package io.streamadapt.contract;

/** A record that failed validation: the reason category and a sentence a producer can act on. */
public record Rejection(RejectReason reason, String detail) {
}
