package io.streamadapt.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The saturation rounds: the passthrough and StreamAdapt's serving measured side by side, both running the whole time,
 * in an order that alternates from round to round, so a slow spell of the machine (a GC pause, a commit hiccup, JIT
 * compilation) costs one round rather than one side. The figures are medians over the rounds.
 *
 * @param rounds in the order they ran
 */
public record Rounds(List<Round> rounds) {
    public Rounds {
        rounds = List.copyOf(rounds);
    }

    /** What is measured in a round. */
    public enum Side { PASSTHROUGH, SERVING }

    /**
     * One round: a saturation run of each side.
     *
     * @param number              from 1
     * @param passthroughCpuMicros CPU time of the bench process per request during the passthrough's run (NaN: unknown)
     * @param servingCpuMicros     the same during serving's run
     */
    public record Round(int number, double passthroughPerSecond, double servingPerSecond, double passthroughCpuMicros,
                        double servingCpuMicros) {
        /** Without CPU figures. */
        public Round(int number, double passthroughPerSecond, double servingPerSecond) {
            this(number, passthroughPerSecond, servingPerSecond, Double.NaN, Double.NaN);
        }

        public double ratio() {
            return Rates.ratio(servingPerSecond, passthroughPerSecond);
        }

        public Side first() {
            return order(number).get(0);
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", number);
            m.put("first", first().name().toLowerCase(Locale.ROOT));
            m.put("passthroughPerSecond", passthroughPerSecond);
            m.put("servingPerSecond", servingPerSecond);
            m.put("ratio", ratio());
            m.put("passthroughCpuMicrosPerRequest", passthroughCpuMicros);
            m.put("servingCpuMicrosPerRequest", servingCpuMicros);
            return m;
        }
    }

    /** The order of the runs in round {@code number} (from 1): the passthrough first in odd rounds, serving in even ones. */
    public static List<Side> order(int number) {
        if (number < 1) {
            throw new IllegalArgumentException("rounds count from 1, not " + number);
        }
        return number % 2 == 1 ? List.of(Side.PASSTHROUGH, Side.SERVING) : List.of(Side.SERVING, Side.PASSTHROUGH);
    }

    /** The median passthrough rate over the rounds. */
    public double passthroughPerSecond() {
        return Rates.median(rounds.stream().mapToDouble(Round::passthroughPerSecond).toArray());
    }

    /** The median serving rate over the rounds. */
    public double servingPerSecond() {
        return Rates.median(rounds.stream().mapToDouble(Round::servingPerSecond).toArray());
    }

    /** The median over the rounds of the process's CPU time per request during the passthrough's runs, in µs. */
    public double passthroughCpuMicros() {
        return Rates.median(rounds.stream().mapToDouble(Round::passthroughCpuMicros).toArray());
    }

    /** The same during serving's runs. */
    public double servingCpuMicros() {
        return Rates.median(rounds.stream().mapToDouble(Round::servingCpuMicros).toArray());
    }

    /** Serving over the passthrough in each round, in round order. */
    public double[] ratios() {
        return rounds.stream().mapToDouble(Round::ratio).toArray();
    }

    /** The median of the per-round ratios: each round compares the two sides under the same conditions. */
    public double servingRatio() {
        return Rates.median(ratios());
    }

    public Rates.Range servingRatioRange() {
        return Rates.Range.of(ratios());
    }

    public List<Map<String, Object>> asMaps() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Round r : rounds) {
            out.add(r.asMap());
        }
        return out;
    }
}
