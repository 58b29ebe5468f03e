package io.streamadapt.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalogue of every StreamAdapt configuration key. The README's configuration table is generated from it. */
public final class Settings {
    private Settings() {
    }

    /** Prefix of keys passed to every Kafka client unchanged (minus the prefix), e.g. {@code kafka.security.protocol}. */
    public static final String KAFKA_PREFIX = "kafka.";

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.text("bootstrap.servers", "",
            "Kafka bootstrap servers; empty means 'start an embedded single-node broker' (demo only)");
    public static final Setting<String> APPLICATION_ID = Setting.nonBlank("application.id", "streamadapt",
            "Kafka Streams application id; also the consumer group and the prefix of internal topics");
    public static final Setting<String> STATE_DIR = Setting.nonBlank("state.dir",
            System.getProperty("java.io.tmpdir") + "/streamadapt-state", "Directory of the local state stores");
    public static final Setting<String> PROCESSING_GUARANTEE = Setting.oneOf("processing.guarantee", "exactly_once_v2",
            List.of("exactly_once_v2", "at_least_once"), "Kafka Streams processing guarantee");
    public static final Setting<Integer> REPLICATION_FACTOR = Setting.integer("topics.replication", 1, 1, 10,
            "Replication factor of the topics StreamAdapt creates");
    public static final Setting<Integer> PARTITIONS = Setting.integer("topics.partitions", 3, 1, 1000,
            "Partitions of the labelled, request and prediction topics StreamAdapt creates");
    public static final Setting<String> TOPIC_LABELED = Setting.nonBlank("topic.labeled", "adapt.labeled",
            "Topic of labelled target events");
    public static final Setting<String> TOPIC_REQUESTS = Setting.nonBlank("topic.requests", "adapt.requests",
            "Topic of prediction requests");
    public static final Setting<String> TOPIC_PREDICTIONS = Setting.nonBlank("topic.predictions", "adapt.predictions",
            "Topic the predictions are written to");
    public static final Setting<String> TOPIC_MODELS = Setting.nonBlank("topic.models", "adapt.models",
            "Compacted topic of model versions");
    public static final Setting<String> TOPIC_DLQ = Setting.nonBlank("topic.dlq", "adapt.dlq",
            "Dead-letter topic for invalid records");
    public static final Setting<Integer> RECORD_MAX_BYTES = Setting.integer("record.max.bytes", 262_144, 64, 16 << 20,
            "Largest labelled event or request accepted; larger ones are dead letters (reason OVERSIZE)");
    public static final Setting<Integer> MODEL_MAX_BYTES = Setting.integer("model.max.bytes", 33_554_432, 1 << 20, 1 << 30,
            "Largest model version record (max.message.bytes of the models topic)");

    public static final Setting<String> MODEL_PATH = Setting.text("model.path", "",
            "Pretrained source model file (version 0); empty means the scenario's cached model");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch.size", 50, 1, 100_000,
            "Labelled events per micro-batch: the buffer flushes when it holds this many");
    public static final Setting<Integer> BATCH_MIN = Setting.integer("batch.min", 10, 1, 100_000,
            "While labels are few the buffer flushes early: at a quarter of the events learned so far, but never below this many nor above batch.size");
    public static final Setting<Duration> BATCH_MAX_WAIT = Setting.duration("batch.max.wait", "30s",
            "The buffer also flushes when its oldest event is this old (checked every second of wall-clock time)");
    public static final Setting<Integer> BATCH_BACKLOG_MAX = Setting.integer("batch.backlog-max", 2000, 1, 1_000_000,
            "Largest micro-batch while labelled events wait behind the trainer (a backlog): the buffer takes in what is waiting, up to this many (never below batch.size, at most three times as many as learned so far), and learns it in one step with fewer, larger mini-batches");
    public static final Setting<String> STRATEGY = Setting.oneOf("finetune.strategy", "joint", List.of("auto", "head", "full", "joint"),
            "auto: each flush trains a small population (learning rates around the current one, head against full) and keeps the best; head: frozen feature layers, train the head; full: all layers; joint: shared trunk trained on replayed source and target samples, when the source model beats chance on the first labels and its source data is given (otherwise as full)");
    public static final Setting<Double> LEARNING_RATE = Setting.decimal("finetune.learning-rate", 0.003, 1e-7, 10,
            "Adam learning rate of a fine-tune step (full and joint use it for all layers)");
    public static final Setting<Double> L1 = Setting.decimal("finetune.l1", 0.0, 0, 1, "L1 weight penalty");
    public static final Setting<Double> L2 = Setting.decimal("finetune.l2", 1e-4, 0, 1, "L2 weight penalty");
    public static final Setting<Double> DROPOUT = Setting.decimal("finetune.dropout", 0.0, 0, 0.9,
            "Probability of dropping a hidden activation while fine-tuning");
    public static final Setting<Integer> EPOCHS = Setting.integer("finetune.epochs", 40, 1, 1000,
            "Most passes over (micro-batch + rehearsal sample) per fine-tune step; early stopping usually ends it sooner");
    public static final Setting<Integer> PATIENCE = Setting.integer("finetune.patience", 4, 0, 1000,
            "A fine-tune step stops after this many passes without a better validation loss and keeps its best pass (0: always run finetune.epochs)");
    public static final Setting<Double> VALIDATION_FRACTION = Setting.decimal("finetune.validation", 0.2, 0, 0.5,
            "Share of a step's training events set aside (drawn anew each step) for early stopping and for choosing among the population");
    public static final Setting<Integer> POPULATION = Setting.integer("search.population", 4, 1, 16,
            "Candidates trained per flush by the auto strategy: the current settings, learning rate x3 and /3, and the other of head/full");
    public static final Setting<Integer> MINIBATCH = Setting.integer("finetune.minibatch", 32, 1, 10_000,
            "Mini-batch size of the optimiser inside a fine-tune step");
    public static final Setting<Double> LABEL_SMOOTHING = Setting.decimal("finetune.label-smoothing", 0.05, 0, 0.5,
            "Label smoothing of the fine-tune targets");
    public static final Setting<Integer> REHEARSAL_SIZE = Setting.integer("rehearsal.size", 1000, 0, 1_000_000,
            "Bounded reservoir of past target events (reservoir sampling) that fine-tune steps replay");
    public static final Setting<Integer> REPLAY = Setting.integer("rehearsal.replay", 250, 0, 1_000_000,
            "Reservoir events replayed in one fine-tune step, sampled anew each step (the whole reservoir when it is smaller)");
    public static final Setting<Integer> SOURCE_REPLAY = Setting.integer("joint.source-replay", 256, 0, 100_000,
            "Source samples replayed per fine-tune step by the joint strategy");
    public static final Setting<Boolean> ALLOW_NEW_LABELS = Setting.bool("labels.allow-new", false,
            "A label the model has never seen grows the target head by one class (otherwise: dead letter UNKNOWN_LABEL)");
    public static final Setting<Integer> GATE_HOLDOUT = Setting.integer("gate.holdout", 200, 10, 100_000,
            "Recent target events held out from training on which candidate and current model are compared");
    public static final Setting<Double> GATE_MARGIN = Setting.decimal("gate.margin", 0.0, 0, 1,
            "A candidate is rejected as worse only when its holdout accuracy is more than this below the current one and the paired test agrees");
    public static final Setting<Double> GATE_ALPHA = Setting.decimal("gate.alpha", 0.05, 1e-6, 0.5,
            "Significance level of the gate's one-sided exact McNemar test on the held-out events both models were scored on");
    public static final Setting<Boolean> SCRATCH_BASELINE = Setting.bool("baseline.scratch", true,
            "Train a shadow model from random weights on the same events; publish it instead when it beats the adapted one (negative-transfer guard)");
    public static final Setting<Integer> SERVING_BATCH_SIZE = Setting.integer("serving.batch.size", 1, 1, 10_000,
            "Requests scored together from a changelogged buffer; 1 scores each at once without a buffer (fastest: serving scores in plain Java, where batches save nothing)");
    public static final Setting<Duration> SERVING_BATCH_MAX_WAIT = Setting.duration("serving.batch.max.wait", "10ms",
            "Longest a request waits for its scoring batch to fill (serving.batch.size above 1 only)");
    public static final Setting<Duration> SERVING_COMMIT_INTERVAL = Setting.duration("serving.commit-interval", "100ms",
            "How often the serving client commits; under exactly-once a prediction becomes readable (read_committed) at the next commit");
    public static final Setting<Long> MEMORY_HEAP = Setting.size("memory.heap", "192m", 64L << 20,
            "Java heap of serve and demo started without a heap option (-Xmx, -XX:MaxRAMPercentage): they restart themselves in a child JVM with this -Xmx; 0 keeps the JVM's default (a quarter of the machine)");
    public static final Setting<Long> MEMORY_NATIVE = Setting.size("memory.native", "128m", 16L << 20,
            "ND4J's off-heap arrays (JavaCPP maxBytes): above it an allocation first runs the GC to free unreachable arrays, then fails");
    public static final Setting<Integer> NATIVE_THREADS = Setting.integer("native.threads", 1, 0, 1024,
            "Threads each ND4J operation (fine-tuning, pretraining) may use: master threads, OpenMP and OpenBLAS; 0 leaves ND4J's default of every core; OMP_NUM_THREADS, when set, wins");
    public static final Setting<Integer> STREAM_THREADS = Setting.integer("streams.threads", 1, 1, 64,
            "Stream threads of the edge client (validation and serving) in one instance; the trainer client always runs one");
    public static final Setting<Integer> METRICS_WINDOW = Setting.integer("metrics.window", 500, 10, 1_000_000,
            "Sliding window (labelled events) of the prequential metrics");
    public static final Setting<String> LABELSHIFT_CORRECTION = Setting.oneOf("labelshift.correction", "em",
            List.of("em", "bbse", "off"),
            "Label-shift correction of served probabilities: reweight by estimated / training class priors, estimated by EM or BBSE over the request window; off only calibrates");
    public static final Setting<Integer> LABELSHIFT_WINDOW = Setting.integer("labelshift.window", 500, 20, 100_000,
            "Sliding window (requests per instance) the class priors of requests are estimated over");
    public static final Setting<Double> LABELSHIFT_MIN_GAIN = Setting.decimal("labelshift.min-gain", 0.01, 0, 1,
            "Share of the window's answers the correction must expect to turn right (by its own corrected probabilities) to be applied");
    public static final Setting<Integer> LABELSHIFT_MIN_REQUESTS = Setting.integer("labelshift.min-requests", 100, 1, 100_000,
            "Requests the window must hold before the correction is applied");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("http.port", 8080, 0, 65535,
            "Port of /health, /ready, /models and /metrics (0 picks a free port)");
    public static final Setting<Duration> TRANSACTION_TIMEOUT = Setting.duration("transaction.timeout", "20s",
            "Kafka transaction timeout: longer than the slowest fine-tune step, short because a new owner of a killed instance's task waits this long");
    public static final Setting<String> HTTP_BIND = Setting.nonBlank("http.bind", "0.0.0.0",
            "Interface the HTTP server listens on (0.0.0.0: all; 127.0.0.1: this host only)");
    public static final Setting<String> HTTP_ADMIN_TOKEN = Setting.text("http.admin-token", "",
            "Bearer token of the admin routes (pin, unpin, rollback); empty disables them (403). Keep it in a secret");
    public static final Setting<Duration> HTTP_READ_TIMEOUT = Setting.duration("http.read-timeout", "10s",
            "A request must arrive completely within this time, or its connection is closed");
    public static final Setting<Integer> HTTP_THREADS = Setting.integer("http.threads", 16, 2, 256,
            "Threads answering HTTP requests; slow or idle clients cannot hold them all past http.read-timeout");
    public static final Setting<Integer> MODELS_KEEP = Setting.integer("models.keep", 100, 2, 1_000_000,
            "Newest versions kept on the models topic; older ones (except version 0 and a pinned one) get tombstones");
    public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration("shutdown.timeout", "30s",
            "How long a shutdown waits for Kafka Streams to close");
    public static final Setting<Long> SEED = new Setting<>("seed", "long", "42", "Seed of every random choice (reproducible runs)",
            Long::parseLong);

    /** Every key, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, APPLICATION_ID, STATE_DIR, PROCESSING_GUARANTEE,
            REPLICATION_FACTOR, PARTITIONS, TOPIC_LABELED, TOPIC_REQUESTS, TOPIC_PREDICTIONS, TOPIC_MODELS, TOPIC_DLQ,
            RECORD_MAX_BYTES, MODEL_MAX_BYTES, MODEL_PATH, BATCH_SIZE, BATCH_MIN, BATCH_MAX_WAIT, BATCH_BACKLOG_MAX, STRATEGY, LEARNING_RATE, L1, L2,
            DROPOUT, EPOCHS, PATIENCE, VALIDATION_FRACTION, POPULATION, MINIBATCH, LABEL_SMOOTHING, REHEARSAL_SIZE, REPLAY, SOURCE_REPLAY,
            ALLOW_NEW_LABELS, GATE_HOLDOUT, GATE_MARGIN, GATE_ALPHA, SCRATCH_BASELINE,
            SERVING_BATCH_SIZE, SERVING_BATCH_MAX_WAIT, SERVING_COMMIT_INTERVAL, MEMORY_HEAP, MEMORY_NATIVE, NATIVE_THREADS, STREAM_THREADS, METRICS_WINDOW, LABELSHIFT_CORRECTION, LABELSHIFT_WINDOW,
            LABELSHIFT_MIN_REQUESTS, LABELSHIFT_MIN_GAIN, HTTP_PORT, HTTP_BIND, HTTP_ADMIN_TOKEN, HTTP_READ_TIMEOUT, HTTP_THREADS, MODELS_KEEP,
            TRANSACTION_TIMEOUT, SHUTDOWN_TIMEOUT, SEED);

    static final Map<String, Setting<?>> BY_KEY;

    static {
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        ALL.forEach(s -> m.put(s.key(), s));
        BY_KEY = Map.copyOf(m);
    }

    /** A Markdown table of every key, for the README. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
        for (Setting<?> s : ALL) {
            sb.append("| `").append(s.key()).append("` | ").append(s.type()).append(" | `").append(s.fallback())
                    .append("` | ").append(s.doc()).append(" |\n");
        }
        return sb.append("| `kafka.*` | string | | passed to every Kafka client without the prefix (SASL, SSL, timeouts) |\n")
                .toString();
    }
}
