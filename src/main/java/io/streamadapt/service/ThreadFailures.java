package io.streamadapt.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/** When each Streams client's threads last failed, so readiness can tell a thread that keeps failing from a healthy one. */
final class ThreadFailures {
    private static final int KEPT = 64;
    private final Map<String, ConcurrentLinkedDeque<Long>> times = new ConcurrentHashMap<>();

    void failed(String client, long atMillis) {
        ConcurrentLinkedDeque<Long> d = times.computeIfAbsent(client, k -> new ConcurrentLinkedDeque<>());
        d.addLast(atMillis);
        while (d.size() > KEPT) {
            d.pollFirst();
        }
    }

    /** Failures of a client's threads at or after {@code fromMillis}. */
    long since(long fromMillis, String client) {
        ConcurrentLinkedDeque<Long> d = times.get(client);
        return d == null ? 0 : d.stream().filter(t -> t >= fromMillis).count();
    }
}
