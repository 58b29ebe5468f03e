package io.streamadapt.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Time from a labelled event to the first live version that learned it, from the versions' lineage offsets. */
public final class VersionLatency {
    private VersionLatency() {
    }

    /**
     * A version as the bench saw it go live.
     *
     * @param toOffset   last training-topic offset the version learned from (its lineage)
     * @param liveMillis when the service first served it
     */
    public record Live(long version, long toOffset, long liveMillis) {
    }

    /**
     * For every event that a live version has learned, milliseconds from the event's send time to the first such
     * version going live; events no live version covers yet are left out.
     *
     * @param sentMillisByOffset send time of each labelled event by its training-topic offset
     */
    public static long[] latencies(Map<Long, Long> sentMillisByOffset, List<Live> versions) {
        List<Live> byTime = new ArrayList<>(versions);
        byTime.sort(Comparator.comparingLong(Live::liveMillis));
        List<Long> out = new ArrayList<>();
        sentMillisByOffset.forEach((offset, sent) -> {
            for (Live v : byTime) {
                if (v.toOffset() >= offset) {
                    out.add(Math.max(0, v.liveMillis() - sent));
                    return;
                }
            }
        });
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
