package io.streamadapt.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The arithmetic of the report, kept apart from the measuring so it can be checked on its own. */
public final class Rates {
    private Rates() {
    }

    /** Events per second over an elapsed time in nanoseconds; NaN when nothing was timed. */
    public static double perSecond(long events, long nanos) {
        return nanos <= 0 ? Double.NaN : events * 1e9 / nanos;
    }

    /** {@code a / b}, NaN when {@code b} is zero or not a number. */
    public static double ratio(double a, double b) {
        return b == 0 || Double.isNaN(b) ? Double.NaN : a / b;
    }

    /**
     * The fixed rate of the latency runs: the requested one, or half the passthrough's saturation rate, so that both
     * systems run below their limits (at least one request per second).
     */
    public static double fixedRate(double requested, double passthroughPerSecond) {
        if (requested > 0) {
            return requested;
        }
        return Double.isNaN(passthroughPerSecond) ? 100 : Math.max(1, Math.floor(passthroughPerSecond / 2));
    }

    /** The median of the values (the mean of the two middle ones for an even count); NaN for none. */
    public static double median(long[] values) {
        return median(Arrays.stream(values).asDoubleStream().toArray());
    }

    /**
     * The median of the values (the mean of the two middle ones for an even count), leaving out NaN (a figure that could
     * not be computed, such as a ratio over a run that answered nothing); NaN when no value is left.
     */
    public static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2.0;
    }

    /** The smallest and largest of some figures; NaN for both when there are none. */
    public record Range(double min, double max) {
        /** The range of the values, leaving out NaN as {@link #median(double[])} does. */
        public static Range of(double[] values) {
            double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
            if (v.length == 0) {
                return new Range(Double.NaN, Double.NaN);
            }
            return new Range(Arrays.stream(v).min().orElseThrow(), Arrays.stream(v).max().orElseThrow());
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("min", min);
            m.put("max", max);
            return m;
        }
    }
}
