package io.streamadapt.bench;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.Probabilities;
import io.streamadapt.adapt.Progress;
import io.streamadapt.adapt.dl4j.Dl4jModelCodec;
import io.streamadapt.adapt.dl4j.Dl4jPretrainer;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.contract.Checked;
import io.streamadapt.contract.LabelSpace;
import io.streamadapt.contract.Prediction;
import io.streamadapt.contract.PredictionJson;
import io.streamadapt.contract.PredictionRequest;
import io.streamadapt.contract.ProbabilityMap;
import io.streamadapt.contract.Validator;
import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import io.streamadapt.kafka.EmbeddedKafka;
import io.streamadapt.kafka.KafkaProps;
import io.streamadapt.labelshift.Correction;
import io.streamadapt.model.ServedModel;
import io.streamadapt.model.SourceModels;
import io.streamadapt.serving.PriorTracker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether serving would be cheaper without Kafka Streams: the bench's Kafka Streams passthrough against a direct loop
 * (a consumer and a transactional producer, offsets sent with each transaction, committed every
 * {@code serving.commit-interval}) on one embedded broker, side by side in alternating saturation runs. With
 * {@code --serve} the loop does serving's own work with the service's classes (validation, the forward pass, the
 * label-shift window, the prediction's JSON); without it, it forwards requests unchanged.
 * {@code java -cp target/test-classes:target/streamadapt.jar io.streamadapt.bench.DirectLoopBenchmark [--serve]
 * [--rounds R] [--requests N]}.
 */
public final class DirectLoopBenchmark {
    private static final Duration WARMUP = Duration.ofSeconds(20);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private DirectLoopBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean serve = List.of(args).contains("--serve");
        int rounds = intArg(args, "--rounds", 8);
        int requests = intArg(args, "--requests", 100_000);
        Scenario digits = Scenarios.load("digits", 42);
        Classifier model = SourceModels.loadOrPretrain(SourceModels.defaultCacheFile(digits, 42), digits,
                PretrainParams.defaultsFor(digits.featureCount(), 42), new Dl4jPretrainer(Progress.Factory.QUIET), new Dl4jModelCodec()).model();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(8 << 20)) {
            Config config = Config.of(Map.of("bootstrap.servers", kafka.bootstrapServers()));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                List<NewTopic> topics = new ArrayList<>();
                for (String t : List.of("streams-in", "streams-out", "direct-in", "direct-out", "direct-dead-letters")) {
                    topics.add(new NewTopic(t, config.get(Settings.PARTITIONS), (short) 1));
                }
                admin.createTopics(topics).all().get();
            }
            DirectLoop loop = new DirectLoop(config, serve ? new Serving(new ServedModel(1, model.forInference())) : null);
            Thread direct = new Thread(loop, "direct-loop");
            direct.setDaemon(true);
            direct.start();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config));
                 Passthrough streams = Passthrough.start(config, "streams-passthrough", "streams-in", "streams-out");
                 Outputs streamsOut = new Outputs(KafkaProps.follower(config, "streams-out"), "streams-out");
                 Outputs directOut = new Outputs(KafkaProps.follower(config, "direct-out"), "direct-out")) {
                streamsOut.awaitAssigned(Duration.ofMinutes(1));
                directOut.awaitAssigned(Duration.ofMinutes(1));
                Load load = new Load(producer, digits.target(), line -> { });
                System.out.printf("Warming both up for %d s...%n", WARMUP.toSeconds());
                long until = System.nanoTime() + WARMUP.toNanos();
                for (int i = 0; System.nanoTime() < until; i++) {
                    load.saturate("streams", "streams-in", streamsOut, "sw" + i + "-", requests, TIMEOUT);
                    load.saturate("direct", "direct-in", directOut, "dw" + i + "-", requests, TIMEOUT);
                }
                List<Double> ratios = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    // alternate which side goes first, as the bench does, so a slow spell of the machine hits both
                    boolean streamsFirst = r % 2 == 1;
                    Load.Run first = streamsFirst ? load.saturate("streams", "streams-in", streamsOut, "s" + r + "-", requests, TIMEOUT)
                            : load.saturate("direct", "direct-in", directOut, "d" + r + "-", requests, TIMEOUT);
                    Load.Run second = streamsFirst ? load.saturate("direct", "direct-in", directOut, "d" + r + "-", requests, TIMEOUT)
                            : load.saturate("streams", "streams-in", streamsOut, "s" + r + "-", requests, TIMEOUT);
                    Load.Run s = streamsFirst ? first : second;
                    Load.Run d = streamsFirst ? second : first;
                    ratios.add(d.perSecond() / s.perSecond());
                    System.out.printf("round %d/%d: streams passthrough %.0f/s (%.1f us CPU each), direct %s %.0f/s (%.1f us), ratio %.2f%n",
                            r, rounds, s.perSecond(), s.cpuMicrosPerRequest(), serve ? "serving" : "passthrough", d.perSecond(),
                            d.cpuMicrosPerRequest(), d.perSecond() / s.perSecond());
                }
                ratios.sort(Double::compare);
                System.out.printf("direct %s / streams passthrough: median %.2f (%.2f-%.2f)%n", serve ? "serving" : "passthrough",
                        ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1));
            } finally {
                loop.stop();
                direct.join(30_000);
            }
        }
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }

    /** Serving's own work on a poll's records, with the service's classes and its label-shift settings. */
    private static final class Serving {
        private final ServedModel served;
        private final Validator validator;
        private final PriorTracker priors;

        Serving(ServedModel served) {
            this.served = served;
            this.validator = new Validator(1 << 20, () -> new LabelSpace(served.model().inputSize(), served.model().classes(), false));
            this.priors = new PriorTracker(() -> Optional.of(served), Correction.EM, 500, 500, 0.01, PriorTracker.backgroundThread());
        }

        /** Sends a prediction for each valid record and the others to the dead letters. */
        void answer(List<ConsumerRecord<byte[], byte[]>> records, KafkaProducer<byte[], byte[]> producer) {
            List<ConsumerRecord<byte[], byte[]>> valid = new ArrayList<>();
            List<PredictionRequest> requests = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Checked<PredictionRequest> c = validator.envelope(r.key(), r.headers()).isPresent() ? null : validator.request(r.value());
                if (c instanceof Checked.Valid<PredictionRequest> v) {
                    valid.add(r);
                    requests.add(v.value());
                } else {
                    producer.send(new ProducerRecord<>("direct-dead-letters", r.key(), r.value()));
                }
            }
            float[][] x = new float[requests.size()][];
            for (int i = 0; i < x.length; i++) {
                x[i] = requests.get(i).features();
            }
            double[][] p = served.calibratedProba(x);
            PriorTracker.Applied correction = priors.observe(served, x, p);
            List<String> classes = served.model().classes();
            long now = System.currentTimeMillis();
            for (int i = 0; i < x.length; i++) {
                ConsumerRecord<byte[], byte[]> r = valid.get(i);
                double[] q = correction.apply(p[i]);
                String id = requests.get(i).id() != null ? requests.get(i).id() : new String(r.key(), StandardCharsets.UTF_8);
                Prediction prediction = new Prediction(id, classes.get(Probabilities.argmax(q)), new ProbabilityMap(classes, q),
                        served.version(), Math.max(0, now - r.timestamp()), correction.correction().wireName(),
                        classes.get(Probabilities.argmax(p[i])));
                producer.send(new ProducerRecord<>("direct-out", r.key(), PredictionJson.write(prediction)));
            }
        }
    }

    /** Consume, transform, produce under one transaction per commit interval, with the consumer's offsets in it. */
    private static final class DirectLoop implements Runnable {
        private final Config config;
        private final Serving serving;
        private volatile boolean running = true;

        /** @param serving null: forward each record unchanged */
        DirectLoop(Config config, Serving serving) {
            this.config = config;
            this.serving = serving;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            Map<String, Object> c = new HashMap<>(config.kafkaClientProperties());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "direct-loop");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            Map<String, Object> p = KafkaProps.producer(config);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "direct-loop-" + UUID.randomUUID());
            // the linger Kafka Streams gives its producers
            p.put(ProducerConfig.LINGER_MS_CONFIG, 100);
            long commitEvery = config.get(Settings.SERVING_COMMIT_INTERVAL).toNanos();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c); KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
                producer.initTransactions();
                consumer.subscribe(List.of("direct-in"));
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                long lastCommit = System.nanoTime();
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(10));
                    if (!records.isEmpty()) {
                        if (offsets.isEmpty()) {
                            producer.beginTransaction();
                        }
                        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                            batch.add(r);
                        }
                        if (serving != null) {
                            serving.answer(batch, producer);
                        } else {
                            batch.forEach(r -> producer.send(new ProducerRecord<>("direct-out", r.key(), r.value())));
                        }
                    }
                    if (!offsets.isEmpty() && System.nanoTime() - lastCommit > commitEvery) {
                        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                        producer.commitTransaction();
                        offsets.clear();
                        lastCommit = System.nanoTime();
                    }
                }
            }
        }
    }
}
