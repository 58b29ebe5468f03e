package io.streamadapt.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP API reads and asks for. The service implements it over its registry, Streams clients and operator
 * commands; tests implement it with a fake. Methods throw {@link ApiError} for outcomes a caller should see.
 */
public interface Backend {
    /** Problems that make this instance dead (empty: alive). */
    List<String> livenessProblems();

    /** Why this instance cannot answer requests now (empty: ready). */
    List<String> readinessProblems();

    /** Metrics for an Accept header: content type and body. */
    Scrape scrape(String accept);

    /** Version listing: serving and pinned version and every version's summary. */
    ModelList models();

    Optional<Map<String, Object>> version(long version);

    void pin(long version);

    void unpin();

    /** Asks for a rollback; the new version number is known when the trainer has published it within the wait. */
    RolledBack rollback(long version);

    record Scrape(String contentType, String body) {
    }

    /** {@code GET /models}. */
    record ModelList(Long serving, Long pinned, List<Map<String, Object>> versions) {
    }

    /** {@code POST /models/{v}/pin}. */
    record Pinned(Object pinned) {
    }

    /**
     * {@code POST /models/{v}/rollback}.
     *
     * @param newVersion the version the trainer published for it, or null when it had not yet done so
     * @param command    id of the command, found again in the new version's gate figures
     */
    record RolledBack(long rolledBackTo, Long newVersion, String command) {
    }
}
