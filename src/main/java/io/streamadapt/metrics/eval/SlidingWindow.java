package io.streamadapt.metrics.eval;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Thread-safe ring buffer over the last {@code capacity} items, summarised on demand. Every window the metrics keep
 * (scored events, embeddings, calibration points) is one of these with its own item type and summary.
 *
 * <p>Items must not be mutated once added, so a summary can share the references instead of copying them. The summary
 * runs outside the lock, so a scrape never stalls the stream thread for more than a copy of {@code capacity}
 * references, and its result is reused until the window changes, so several gauges read in one scrape pay once.
 *
 * @param <T> the item type, immutable once added
 * @param <S> the summary type
 */
public final class SlidingWindow<T, S> {
    private final Object lock = new Object();
    private final Object[] items;
    private final Function<List<T>, S> summarise;
    private int next;
    private int size;
    private long version;
    private volatile Cached<S> cached;

    private record Cached<S>(long version, S summary) {
    }

    /**
     * @param capacity  maximum number of items kept, {@code > 0}
     * @param summarise computes the summary of the items held, oldest first until the ring wraps (no summary may
     *                  depend on their order); it is called outside the lock and must not change the list
     */
    public SlidingWindow(int capacity, Function<List<T>, S> summarise) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.items = new Object[capacity];
        this.summarise = summarise;
    }

    /** Adds an item, evicting the oldest when the window is full. */
    public void add(T item) {
        add(item, (newest, added) -> true);
    }

    /**
     * Adds an item, first discarding every held item when the newest one does not {@code fit} with it (for example an
     * embedding of another width, from an incompatible feature space).
     */
    public void add(T item, BiPredicate<? super T, ? super T> fits) {
        synchronized (lock) {
            if (size > 0 && !fits.test(newestLocked(), item)) {
                clearLocked();
            }
            items[next] = item;
            next = (next + 1) % items.length;
            size = Math.min(size + 1, items.length);
            version++;
        }
    }

    public void clear() {
        synchronized (lock) {
            clearLocked();
            version++;
        }
    }

    /** Marks the window changed although no item was added, so the next summary is computed afresh. */
    public void changed() {
        synchronized (lock) {
            version++;
        }
    }

    /** The summary of the items held now, computed once per change of the window. */
    public S summary() {
        List<T> held;
        long at;
        synchronized (lock) {
            Cached<S> c = cached;
            if (c != null && c.version() == version) {
                return c.summary();
            }
            // until the ring wraps, slots 0..size-1 are exactly the filled ones
            held = itemsOf(Arrays.copyOf(items, size));
            at = version;
        }
        S summary = summarise.apply(held);
        // a racing reader may store an older result last; the version check keeps it from being served once the window
        // has moved on
        cached = new Cached<>(at, summary);
        return summary;
    }

    public int capacity() {
        return items.length;
    }

    /** Number of items held, between 0 and {@link #capacity()}. */
    public int size() {
        synchronized (lock) {
            return size;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> itemsOf(Object[] held) {
        return (List<T>) List.of(held);
    }

    @SuppressWarnings("unchecked")
    private T newestLocked() {
        return (T) items[(next + items.length - 1) % items.length];
    }

    private void clearLocked() {
        Arrays.fill(items, null);
        next = 0;
        size = 0;
    }
}
