package io.streamadapt.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.FineTuner;
import io.streamadapt.adapt.Gate;
import io.streamadapt.adapt.HoldoutPolicy;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.Reservoir;
import io.streamadapt.adapt.Search;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.adapt.dl4j.Dl4jFineTuner;
import io.streamadapt.config.Config;
import io.streamadapt.contract.Json;
import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.kafka.Topics;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.ServedModel;
import io.streamadapt.service.ServiceTopology;
import io.streamadapt.service.TrainingSetup;
import io.streamadapt.testing.ConstantTuner;
import io.streamadapt.testing.FixedClassifier;
import io.streamadapt.testing.TestFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainerTopologyTest {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final FineTuneParams FULL = TrainingSetup.fineTuneParams(Config.defaults()).withStrategy(Strategy.FULL);
    private final Topics topics = Topics.from(Config.defaults());
    private final List<String> rejections = new ArrayList<>();
    private TopologyTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) driver.close();
    }

    /** Records the gate's verdicts so tests can see rejections, which publish nothing. */
    private final TrainingListener verdicts = new TrainingListener() {
        @Override
        public void scored(String label, List<String> classes, double[] adapted, List<String> sourceClasses, double[] source, float[] embedding) {
        }

        @Override
        public void flushed(Trainer.Flush flush, long version) {
            if (version < 0) rejections.add(flush.outcome().gate().reason());
        }

        @Override
        public void buffered(int events) {
        }
    };

    private void start(Classifier source, FineTuner tuner, ModelCodec codec, int batchSize, Duration maxWait) {
        start(source, tuner, codec, batchSize, maxWait, false);
    }

    /** @param shadow whether the trainer keeps a scratch shadow, started from {@code tuner.fresh(source)} */
    private void start(Classifier source, FineTuner tuner, ModelCodec codec, int batchSize, Duration maxWait, boolean shadow) {
        ServedModel v0 = new ServedModel(0, source);
        ServiceTopology.TrainerParts parts = new ServiceTopology.TrainerParts(memory -> {
            Trainer t = new Trainer(new AdaptationStep(tuner, new Gate(0.0, 0.05), new Search(FULL, 1), 0.2),
                    new Trainer.Settings(batchSize, batchSize, maxWait, new Reservoir(100, 1), 100, HoldoutPolicy.DEFAULT, 20, 1), memory);
            if (shadow) {
                t.startScratch(tuner.fresh(source, 1));
            }
            return t;
        }, () -> Optional.of(v0), v0, codec, verdicts, Duration.ofSeconds(1));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "trainer-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ServiceTopology.trainer(topics, parts), p, Instant.ofEpochMilli(0));
    }

    private TestInputTopic<String, LabeledEvent> input() {
        return driver.createInputTopic(topics.training().name(), topics.training().keySerde().serializer(),
                topics.training().valueSerde().serializer());
    }

    private TestOutputTopic<String, byte[]> models() {
        return driver.createOutputTopic(topics.models().name(), topics.models().keySerde().deserializer(),
                topics.models().valueSerde().deserializer());
    }

    private static void pipe(TestInputTopic<String, LabeledEvent> in, Dataset data, int from, int to) {
        for (int i = from; i < to; i++) in.pipeInput("e-" + i, new LabeledEvent("e-" + i, data.features()[i], data.labelOf(i), null));
    }

    @Test
    void flushesAFullBufferAndPublishesTheFineTunedVersionWithLineage() {
        Scenario s = TestFixtures.digitsScenario();
        Classifier source = TestFixtures.digitsSource().model();
        start(source, new Dl4jFineTuner(FULL, new float[0][], new int[0], DIGITS), TestFixtures.CODEC, 40, Duration.ofHours(1));

        // every 5th event goes to the gate's holdout window, so the 49th event fills a buffer of 40
        pipe(input(), s.target(), 0, 48);
        assertThat(models().isEmpty()).isTrue();
        pipe(input(), s.target(), 48, 49);

        var published = models().readKeyValuesToList();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).key).isEqualTo("1");
        ModelVersion v = Json.read(published.get(0).value, ModelVersion.class);
        assertThat(v.version()).isEqualTo(1);
        assertThat(v.parent()).isEqualTo(0);
        assertThat(v.fromOffset()).isEqualTo(0);
        assertThat(v.toOffset()).isEqualTo(48);
        assertThat(v.events()).as("labelled events consumed since version 0").isEqualTo(49);
        assertThat(v.hyperParameters()).containsEntry("strategy", "full");
        assertThat(v.gate()).containsEntry("verdict", "accepted").containsEntry("holdoutEvents", 9).containsEntry("batchEvents", 40);
        assertThat(TestFixtures.CODEC.load(v.artifact()).classes()).isEqualTo(DIGITS);

        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoreTrainerMemory.STORE);
        StoreTrainerMemory memory = new StoreTrainerMemory(store);
        assertThat(memory.buffer()).isEmpty();
        assertThat(memory.holdout()).hasSize(9);
        assertThat(memory.reservoir()).hasSize(40);
        assertThat(memory.lineageFrom()).isEqualTo(49);
        assertThat(memory.currentVersion()).isEqualTo(1);
    }

    @Test
    void aVersionsLineageCarriesTheEarlierBatchesTheScratchShadowWasJudgedOn() {
        Scenario s = TestFixtures.digitsScenario();
        Classifier source = TestFixtures.digitsSource().model();
        start(source, new Dl4jFineTuner(FULL, new float[0][], new int[0], DIGITS), TestFixtures.CODEC, 40, Duration.ofHours(1), true);

        pipe(input(), s.target(), 0, 49);

        ModelVersion v = Json.read(models().readKeyValuesToList().get(0).value, ModelVersion.class);
        assertThat(v.gate()).containsKeys("scratchAccuracy", "scratchOnlyRightEarlier", "lineOnlyRightEarlier");
        int shadowOnly = ((Number) v.gate().get("scratchOnlyRightEarlier")).intValue();
        int lineOnly = ((Number) v.gate().get("lineOnlyRightEarlier")).intValue();
        assertThat(shadowOnly + lineOnly).as("disagreements among the 40 events of the first batch").isBetween(1, 40);
        assertThat(lineOnly).as("the source line against an untrained shadow").isGreaterThan(shadowOnly);
    }

    @Test
    void punctuatorFlushesABufferWhoseOldestEventWaitedTooLong() {
        Scenario s = TestFixtures.digitsScenario();
        Classifier source = TestFixtures.digitsSource().model();
        start(source, new Dl4jFineTuner(FULL, new float[0][], new int[0], DIGITS),
                TestFixtures.CODEC, 1000, Duration.ofSeconds(30));
        pipe(input(), s.target(), 0, 12);

        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(models().isEmpty()).as("not yet old enough").isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(25));
        var published = models().readKeyValuesToList();
        assertThat(published).hasSize(1);
        ModelVersion v = Json.read(published.get(0).value, ModelVersion.class);
        assertThat(v.gate()).containsEntry("batchEvents", 10);
        assertThat(v.toOffset()).isEqualTo(11);

        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(models().isEmpty()).as("an empty buffer never flushes").isTrue();
    }

    @Test
    void gateRejectsACandidateThatIsWorseOnTheHoldout() {
        Scenario s = TestFixtures.digitsScenario();
        Classifier source = TestFixtures.digitsSource().model();
        // a candidate that always answers "0" is worse than the source model on varied digits
        FineTuner worse = new ConstantTuner(new FixedClassifier(DIGITS, 0, 0.9));
        // a flush after 80 training events, when 20 held-out events can tell a bad candidate from chance
        start(source, worse, new StubCodec(), 80, Duration.ofHours(1));

        pipe(input(), s.target(), 0, 100);

        assertThat(models().isEmpty()).isTrue();
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0)).isIn("worse", "collapsed");
    }

    @Test
    void gateRejectsADivergedCandidateAndTheCurrentVersionKeepsServing() {
        Scenario s = TestFixtures.digitsScenario();
        Classifier source = TestFixtures.digitsSource().model();
        FineTuner diverging = new ConstantTuner(FixedClassifier.diverged(DIGITS));
        start(source, diverging, new StubCodec(), 40, Duration.ofHours(1));

        pipe(input(), s.target(), 0, 100);

        assertThat(models().isEmpty()).isTrue();
        assertThat(rejections).containsExactly("diverged", "diverged");
        StoreTrainerMemory memory = new StoreTrainerMemory(driver.getKeyValueStore(StoreTrainerMemory.STORE));
        assertThat(memory.currentVersion()).isZero();
        assertThat(memory.lineageFrom()).as("rejected batches stay in the next accepted version's lineage").isZero();
    }

    @Test
    void gateRejectsACollapsedCandidateEvenWhenTheCurrentModelIsWorse() {
        Scenario s = TestFixtures.digitsScenario();
        // current model is useless (always "9" with low confidence); the candidate answers "0" for everything
        Classifier useless = new FixedClassifier(DIGITS, 9, 0.2);
        FineTuner collapsing = new ConstantTuner(new FixedClassifier(DIGITS, 0, 0.99));
        start(useless, collapsing, new StubCodec(), 45, Duration.ofHours(1));

        pipe(input(), s.target(), 0, 56);

        assertThat(rejections).containsExactly("collapsed");
    }

    /** Serialises only what the topology needs from a fixed classifier. */
    private static final class StubCodec implements ModelCodec {
        @Override
        public byte[] save(Classifier model) {
            return Json.write(Map.of("classes", model.classes()));
        }

        @Override
        public Classifier load(byte[] bytes) {
            throw new UnsupportedOperationException("not needed");
        }
    }

}
