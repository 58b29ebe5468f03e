package io.streamadapt.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code bench} run measured, as the JSON report and the printed table.
 *
 * @param saturation             the side-by-side saturation rounds of the passthrough and serving (none when serving was not run)
 * @param rate                   requests per second of the two fixed-rate latency runs
 * @param trainerEventsPerSecond labelled events the trainer took in per second while a backlog waited
 * @param backlogSeconds         seconds the trainer took over the backlog (or the time limit)
 * @param backlogVersions        versions published while it worked through the backlog
 * @param backlogFineTuneSeconds of {@code backlogSeconds}, the time spent in fine-tune steps (the rest is scoring,
 *                               publishing, the state store and Kafka)
 * @param rawFitEventsPerSecond  one pass of DL4J fit over the same examples, outside Kafka
 * @param eventToVersionMsP50    median time from a labelled event to the first live version that learned it
 * @param eventToVersionEvents   labelled events a live version had learned when the run ended
 */
public record BenchReport(Environment environment, Rounds saturation, double rate,
                          Latencies.Summary passthroughLatency, Latencies.Summary servingLatency, List<ServingRow> scaling,
                          double trainerEventsPerSecond, long backlogEvents, long backlogLearned, double backlogSeconds,
                          long backlogVersions, double backlogFineTuneSeconds, double rawFitEventsPerSecond, double labelRate, double eventToVersionMsP50,
                          long eventToVersionEvents, double durationSeconds) {

    /** Where it ran: the settings that shape the figures, and how busy the machine was. */
    public record Environment(int cores, double loadAverageBefore, double loadAverageAfter, String processingGuarantee,
                              int partitions, int requests, String broker) {
    }

    /** One serving saturation run: a scenario's model with a number of edge stream threads. */
    public record ServingRow(String scenario, int features, int threads, long requests, double perSecond, double passthroughPerSecond) {
        public double ratio() {
            return Rates.ratio(perSecond, passthroughPerSecond);
        }
    }

    /** The median passthrough rate at saturation over the rounds. */
    public double passthroughPerSecond() {
        return saturation.passthroughPerSecond();
    }

    /** The median serving rate at saturation over the rounds. */
    public double servingPerSecond() {
        return saturation.servingPerSecond();
    }

    /** The median of the per-round ratios of serving over the passthrough. */
    public double servingRatio() {
        return saturation.servingRatio();
    }

    public double trainerToRawFit() {
        return Rates.ratio(trainerEventsPerSecond, rawFitEventsPerSecond);
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passthroughPerSecond", passthroughPerSecond());
        m.put("servingPerSecond", servingPerSecond());
        m.put("servingRatio", servingRatio());
        m.put("servingRatioRounds", saturation.ratios());
        m.put("servingRatioRange", saturation.servingRatioRange().asMap());
        m.put("rounds", saturation.asMaps());
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("passthrough", saturation.passthroughCpuMicros());
        cpu.put("serving", saturation.servingCpuMicros());
        m.put("cpuMicrosPerRequest", cpu);
        m.put("rate", rate);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("passthrough", passthroughLatency.asMap());
        latency.put("serving", servingLatency.asMap());
        m.put("latencyMs", latency);
        m.put("trainerEventsPerSecond", trainerEventsPerSecond);
        m.put("rawFitEventsPerSecond", rawFitEventsPerSecond);
        m.put("trainerToRawFit", trainerToRawFit());
        m.put("backlogEvents", backlogEvents);
        m.put("backlogLearned", backlogLearned);
        m.put("backlogSeconds", backlogSeconds);
        m.put("backlogVersions", backlogVersions);
        m.put("backlogFineTuneSeconds", backlogFineTuneSeconds);
        m.put("labelRate", labelRate);
        m.put("eventToVersionMsP50", eventToVersionMsP50);
        m.put("eventToVersionEvents", eventToVersionEvents);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ServingRow r : scaling) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", r.scenario());
            row.put("features", r.features());
            row.put("threads", r.threads());
            row.put("requests", r.requests());
            row.put("servingPerSecond", r.perSecond());
            row.put("passthroughPerSecond", r.passthroughPerSecond());
            row.put("ratio", r.ratio());
            rows.add(row);
        }
        m.put("scaling", rows);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cores", environment.cores());
        env.put("loadAverageBefore", environment.loadAverageBefore());
        env.put("loadAverageAfter", environment.loadAverageAfter());
        env.put("processingGuarantee", environment.processingGuarantee());
        env.put("partitions", environment.partitions());
        env.put("requests", environment.requests());
        env.put("broker", environment.broker());
        m.put("environment", env);
        m.put("durationSeconds", durationSeconds);
        return m;
    }

    /** The summary table, one measurement per line. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        String rule = "+------------------------------------------+------------------------+\n";
        sb.append(rule);
        row(sb, "saturation rounds x requests", String.format("%d x %d", saturation.rounds().size(), environment.requests()));
        row(sb, "requests/s, passthrough (median)", String.format("%.0f", passthroughPerSecond()));
        row(sb, "requests/s, serving (median)", String.format("%.0f", servingPerSecond()));
        Rates.Range range = saturation.servingRatioRange();
        row(sb, "serving / passthrough (median, min-max)", String.format("%.2f (%.2f-%.2f)", servingRatio(), range.min(), range.max()));
        row(sb, "CPU us/request, passthrough / serving", String.format("%.1f / %.1f", saturation.passthroughCpuMicros(),
                saturation.servingCpuMicros()));
        row(sb, String.format("p50/p99/p99.9 ms at %.0f/s, passthrough", rate), percentiles(passthroughLatency));
        row(sb, String.format("p50/p99/p99.9 ms at %.0f/s, serving", rate), percentiles(servingLatency));
        for (ServingRow r : scaling) {
            row(sb, String.format("serving %s (%d features), %d thread%s", r.scenario(), r.features(), r.threads(), r.threads() == 1 ? "" : "s"),
                    String.format("%.0f/s (%.2f)", r.perSecond(), r.ratio()));
        }
        row(sb, "trainer events/s under a backlog", String.format("%.0f", trainerEventsPerSecond));
        row(sb, "  backlog learned / seconds / versions", String.format("%d / %.1f / %d", backlogLearned, backlogSeconds, backlogVersions));
        row(sb, "  of the seconds, fine-tune steps", String.format("%.1f", backlogFineTuneSeconds));
        row(sb, "raw DL4J fit events/s (one pass)", String.format("%.0f", rawFitEventsPerSecond));
        row(sb, String.format("event to live version p50 at %.0f/s", labelRate), String.format("%.0f ms (%d events)", eventToVersionMsP50,
                eventToVersionEvents));
        row(sb, "machine", String.format("%d cores, load %.2f -> %.2f", environment.cores(), environment.loadAverageBefore(),
                environment.loadAverageAfter()));
        row(sb, "duration", String.format("%.0f s", durationSeconds));
        return sb.append(rule).toString();
    }

    private static String percentiles(Latencies.Summary s) {
        return String.format("%.0f / %.0f / %.0f", s.p50(), s.p99(), s.p999());
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append(String.format("| %-40s | %22s |%n", k, v));
    }
}
