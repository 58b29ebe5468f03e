package io.streamadapt.adapt;

import java.util.Locale;

/** How a fine-tune step updates the network. */
public enum Strategy {
    /** Hyper-parameter search in the stream: each flush trains a small population of candidates and keeps the best. */
    AUTO,
    /** Feature fine-tuning: hidden layers frozen, only the output head is trained. */
    HEAD,
    /** Network fine-tuning: every layer is trained. */
    FULL,
    /** Multi-task joint training: shared trunk, a source head and a target head, on replayed source and target samples. */
    JOINT;

    public static Strategy parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
