package io.streamadapt.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Latencies recorded into an HdrHistogram (microsecond resolution, three significant digits), read back as p50, p99
 * and p99.9 in milliseconds. Thread-safe: the output reader records while the bench thread reads.
 */
public final class Latencies {
    /** An hour in microseconds: anything slower is recorded as an hour rather than failing the run. */
    private static final long MAX_MICROS = 3_600_000_000L;
    private final Histogram histogram = new Histogram(MAX_MICROS, 3);

    /** The percentiles of one run, in milliseconds; NaN when nothing was recorded. */
    public record Summary(long count, double p50, double p99, double p999) {
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p50", p50);
            m.put("p99", p99);
            m.put("p999", p999);
            m.put("count", count);
            return m;
        }
    }

    public synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(MAX_MICROS, nanos / 1_000)));
    }

    public synchronized Summary summary() {
        long n = histogram.getTotalCount();
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Summary(n, millis(50), millis(99), millis(99.9));
    }

    private double millis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1_000.0;
    }
}
