package io.streamadapt.contract;

/** The outcome of validating one record: the typed value or the reason it was rejected. */
public sealed interface Checked<T> {
    record Valid<T>(T value) implements Checked<T> {
    }

    record Invalid<T>(Rejection rejection) implements Checked<T> {
    }

    static <T> Checked<T> invalid(RejectReason reason, String detail) {
        return new Invalid<>(new Rejection(reason, detail));
    }
}
