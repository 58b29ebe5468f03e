package io.streamadapt.serving;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Labels still looking for their requests, oldest first, bounded in age and number. New labels are matched at once;
 * the waiting ones only once the window has new requests, as they already missed the window as it was.
 */
final class WaitingLabels {
    /** A label still looking for its request, and since when. */
    private record Waiting(PriorTracker.ArrivedLabel label, long since) {
    }

    private final long waitNanos;
    private final int max;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private long answeredBefore = -1;

    /**
     * @param wait longest a label waits
     * @param max  most labels waiting at once; the oldest give way
     */
    WaitingLabels(Duration wait, int max) {
        this.waitNanos = wait.toNanos();
        this.max = max;
    }

    /**
     * @param fresh    labels that just arrived
     * @param now      {@link System#nanoTime()} now
     * @param answered requests the window has seen so far
     * @param window   matches labels against the window: for each, whether a request took it
     * @return how many labels a request took
     */
    int match(List<PriorTracker.ArrivedLabel> fresh, long now, LongSupplier answered,
              Function<List<PriorTracker.ArrivedLabel>, boolean[]> window) {
        while (!queue.isEmpty() && now - queue.peekFirst().since() > waitNanos) {
            queue.removeFirst();
        }
        List<Waiting> batch = new ArrayList<>();
        long seen = answered.getAsLong();
        if (seen != answeredBefore) {
            batch.addAll(queue);
            queue.clear();
            answeredBefore = seen;
        }
        fresh.forEach(l -> batch.add(new Waiting(l, now)));
        if (batch.isEmpty()) {
            return 0;
        }
        boolean[] found = window.apply(batch.stream().map(Waiting::label).toList());
        int matched = 0;
        for (int i = 0; i < found.length; i++) {
            if (found[i]) {
                matched++;
            } else {
                queue.addLast(batch.get(i));
            }
        }
        while (queue.size() > max) {
            queue.removeFirst();
        }
        return matched;
    }

    int size() {
        return queue.size();
    }
}
