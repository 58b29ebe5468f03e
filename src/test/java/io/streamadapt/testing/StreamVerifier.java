package io.streamadapt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamadapt.config.Config;
import io.streamadapt.contract.Json;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.kafka.Topics;
import io.streamadapt.model.OperatorCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the topics of a run with {@code read_committed}, as any downstream consumer would, and reports every broken
 * promise: requests without exactly one prediction, a version number used twice, a gap in the version numbers, a
 * parent that does not exist, fine-tuned versions whose training offsets are not contiguous, a labelled event learned
 * twice or (once everything is published) not at all. An empty list means the run kept every promise.
 */
public final class StreamVerifier {
    private final Config config;
    private final Topics topics;

    public StreamVerifier(Config config) {
        this.config = config;
        this.topics = Topics.from(config);
    }

    /** Figures of a verified run. */
    public record Report(int requests, int predictions, int missing, int duplicated, int versions, long lastVersion,
                         int rollbacks, int labelledEvents, int learnedEvents, List<String> problems) {
        @Override
        public String toString() {
            return String.format("requests %d, predictions %d, missing %d, duplicated %d, versions %d (last %d, rollbacks %d), labelled events %d (in a version %d), problems %s",
                    requests, predictions, missing, duplicated, versions, lastVersion, rollbacks, labelledEvents, learnedEvents, problems);
        }
    }

    /**
     * @param requestIds      every request id that was sent and is valid
     * @param learnedUpTo     training offsets below this must be in exactly one fine-tuned version (-1: only check overlaps)
     */
    public Report verify(Set<String> requestIds, long learnedUpTo) {
        List<String> problems = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> predictions = read(topics.predictions().name());
        Map<String, Long> perId = predictions.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        int missing = (int) requestIds.stream().filter(id -> !perId.containsKey(id)).count();
        int duplicated = (int) perId.values().stream().filter(n -> n > 1).count();
        if (missing > 0) problems.add(missing + " requests without a prediction");
        if (duplicated > 0) problems.add(duplicated + " requests with more than one prediction");

        TreeMap<Long, JsonNode> versions = versions(problems);
        long last = versions.isEmpty() ? -1 : versions.lastKey();
        for (long n = 0; n <= last; n++) {
            if (!versions.containsKey(n)) problems.add("version number " + n + " is missing");
        }
        int rollbacks = 0;
        long expectedFrom = 0;
        TreeMap<Long, Long> ranges = new TreeMap<>();
        for (JsonNode v : versions.values()) {
            long n = v.path("version").asLong();
            long parent = v.path("parent").asLong();
            if (n > 0 && (parent >= n || !versions.containsKey(parent))) problems.add("version " + n + " has parent " + parent);
            if (v.path("kind").asText().equals("rollback")) rollbacks++;
            if (!learnedFromEvents(v)) continue;
            long from = v.path("fromOffset").asLong();
            long to = v.path("toOffset").asLong();
            if (from != expectedFrom) problems.add("version " + n + " learned from offset " + from + ", expected " + expectedFrom);
            ranges.put(from, to);
            expectedFrom = Math.max(expectedFrom, to + 1);
        }

        int labelled = 0;
        int learned = 0;
        for (ConsumerRecord<String, byte[]> r : read(topics.training().name())) {
            if (OperatorCommand.isCommand(r.headers()) || r.value() == null) continue;
            labelled++;
            Map.Entry<Long, Long> range = ranges.floorEntry(r.offset());
            boolean covered = range != null && r.offset() <= range.getValue();
            if (covered) learned++;
            if (!covered && r.offset() < learnedUpTo) problems.add("labelled event at training offset " + r.offset() + " is in no version");
        }
        return new Report(requestIds.size(), predictions.size(), missing, duplicated, versions.size(), last, rollbacks, labelled,
                learned, problems.size() > 20 ? problems.subList(0, 20) : problems);
    }

    /** Every readable version record by number; garbage on the topic is skipped, as the registry skips it. */
    public TreeMap<Long, JsonNode> versions(List<String> problems) {
        TreeMap<Long, JsonNode> versions = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : read(topics.models().name())) {
            if (r.value() == null || r.key() == null || !r.key().chars().allMatch(Character::isDigit)) continue;
            JsonNode v;
            try {
                v = Json.MAPPER.readTree(r.value());
            } catch (Exception e) {
                continue;
            }
            if (!v.path("version").isIntegralNumber() || v.path("version").asLong() != Long.parseLong(r.key())) continue;
            long n = Long.parseLong(r.key());
            JsonNode before = versions.put(n, v);
            if (before != null && !before.equals(v)) problems.add("version " + n + " was published twice with different contents");
        }
        return versions;
    }

    /**
     * Versions that carry training offsets: fine-tuned ones, and the scratch shadow when the negative-transfer guard
     * published it (it learned the same events); rollbacks and version 0 learned nothing new.
     */
    private static boolean learnedFromEvents(JsonNode v) {
        String kind = v.path("kind").asText();
        return kind.equals("finetune") || kind.equals("scratch");
    }

    /** Offset after the last labelled event that is in a published version that learned from events. */
    public long learnedEnd() {
        return versions(new ArrayList<>()).values().stream().filter(StreamVerifier::learnedFromEvents)
                .mapToLong(v -> v.path("toOffset").asLong() + 1).max().orElse(0);
    }

    /** The ids {@code Replayer} gives the requests of a replay with this prefix. */
    public static Set<String> requestIds(String prefix, int examples) {
        return IntStream.range(0, examples).mapToObj(i -> prefix + "r-" + i).collect(Collectors.toSet());
    }

    /**
     * Waits until every request has a prediction and the stream has been learned (the last few events may wait in the
     * holdout window for a next micro-batch; all earlier ones must be in a version), then verifies the whole run.
     */
    public Report awaitCompleteRun(Set<String> requestIds, Duration timeout, Process serve, Path log) throws InterruptedException {
        int examples = requestIds.size();
        AtomicReference<Report> last = new AtomicReference<>();
        try {
            ServeProcess.await(() -> {
                Report r = verify(requestIds, -1);
                last.set(r);
                return r.missing() == 0 && r.labelledEvents() == examples && r.learnedEvents() >= examples - 5;
            }, timeout, "every prediction and the stream learned", serve, log);
        } catch (AssertionError e) {
            throw new AssertionError("last verified: " + last.get() + "\n" + e.getMessage(), e);
        }
        return verify(requestIds, learnedEnd());
    }

    /** The newest readable version number. */
    public long newestVersion() {
        TreeMap<Long, JsonNode> versions = versions(new ArrayList<>());
        return versions.isEmpty() ? -1 : versions.lastKey();
    }

    /** Every committed record of a topic, all partitions, from the beginning. */
    public List<ConsumerRecord<String, byte[]>> read(String topic) {
        Map<String, Object> props = new HashMap<>(KafkaProps.follower(config, "verifier"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
