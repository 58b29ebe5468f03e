package io.streamadapt.adapt;

/**
 * Reports how far a long job is, so commands can draw a progress bar and tests can stay quiet. A plain callback of the
 * core rather than a console type: the pretrainer and the fine-tuner report through it without knowing who listens (the
 * console bar lives in {@code cli}, tests pass {@link #NONE}).
 */
public interface Progress extends AutoCloseable {
    void step(long n, String message);

    @Override
    void close();

    Progress NONE = new Progress() {
        @Override
        public void step(long n, String message) {
        }

        @Override
        public void close() {
        }
    };

    /** Opens a progress reporter for a task of {@code total} steps. */
    interface Factory {
        Progress start(String task, long total);

        Factory QUIET = (task, total) -> NONE;
    }
}
