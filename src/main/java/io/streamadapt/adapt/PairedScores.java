package io.streamadapt.adapt;

/**
 * The fine-tuned line and the scratch shadow, each scored on the same micro-batch events before either learned them,
 * over the last {@code capacity} such events: paired evidence for the negative-transfer guard beside the held-out
 * window. Only the discordant events count (one model right, the other wrong), as in the {@link Gate}.
 *
 * <p>Why: the held-out window holds a couple of hundred events, and two models near 98% accuracy disagree on a handful of
 * them, so a shadow that is really a point or two better often merely ties there and the fine-tuned line keeps serving.
 * The training events are a second, independent sample of the same stream, and scoring them before a step costs one
 * forward pass per model. They were scored by the models of earlier steps, so they lag by up to a window; that is why
 * they are added to the held-out evidence rather than replacing it. In memory only: after a restart the guard starts
 * again from the held-out window alone.
 */
final class PairedScores {
    /** Per event: +1 only the shadow was right, -1 only the line, 0 both or neither. */
    private final byte[] outcomes;
    private int head;
    private int size;
    private int shadowOnly;
    private int lineOnly;

    PairedScores(int capacity) {
        outcomes = new byte[Math.max(1, capacity)];
    }

    /** Adds a batch scored by both models, in the same order; the oldest events drop out beyond the capacity. */
    void record(boolean[] lineHits, boolean[] shadowHits) {
        for (int i = 0; i < lineHits.length; i++) {
            if (size == outcomes.length) {
                count(outcomes[head], -1);
            } else {
                size++;
            }
            byte o = (byte) (shadowHits[i] == lineHits[i] ? 0 : shadowHits[i] ? 1 : -1);
            outcomes[head] = o;
            count(o, 1);
            head = (head + 1) % outcomes.length;
        }
    }

    private void count(byte o, int by) {
        if (o > 0) {
            shadowOnly += by;
        } else if (o < 0) {
            lineOnly += by;
        }
    }

    /** The shadow as the candidate, the line as the current model. */
    Gate.Discordant discordant() {
        return new Gate.Discordant(shadowOnly, lineOnly);
    }
}
