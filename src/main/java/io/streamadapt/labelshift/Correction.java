package io.streamadapt.labelshift;

import java.util.Locale;

/** How served probabilities are corrected for label shift ({@code labelshift.correction}). */
public enum Correction {
    /** Prior ratios from the EM estimate (maximum likelihood on calibrated probabilities). */
    EM,
    /** Prior ratios from the black-box shift estimate (confusion matrix of the held-out events). */
    BBSE,
    /** Probabilities are only calibrated, never reweighted. */
    OFF;

    /** The name used in configuration and in each prediction's {@code correction} field. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Correction parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
