package io.streamadapt.adapt;

/** Reports how far a long job is, so commands can draw a progress bar and tests can stay quiet. */
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
