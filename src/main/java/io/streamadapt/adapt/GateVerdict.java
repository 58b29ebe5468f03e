package io.streamadapt.adapt;

import java.util.Locale;

/** What the gate decided about a candidate; {@link #id()} is the name used in lineage, logs and metric tags. */
public enum GateVerdict {
    /** Not shown to be worse than the current model: published. */
    ACCEPTED,
    /** Worse than the current model on the held-out events beyond chance (paired test) and beyond the margin. */
    WORSE,
    /** Non-finite outputs. */
    DIVERGED,
    /** Nearly every held-out event predicted as one class while the true labels are varied. */
    COLLAPSED;

    public boolean accepted() {
        return this == ACCEPTED;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verdicts that reject a candidate, for metrics that must exist before the first rejection. */
    public static GateVerdict[] rejections() {
        return new GateVerdict[]{WORSE, DIVERGED, COLLAPSED};
    }
}
