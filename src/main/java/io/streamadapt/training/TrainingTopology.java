package io.streamadapt.training;

import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.adapt.TrainerMemory;
import io.streamadapt.kafka.Topics;
import io.streamadapt.model.ModelSource;
import io.streamadapt.model.ServedModel;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** Adds the training flow to a topology: training topic, trainer processor with its store, models topic. */
public final class TrainingTopology {
    public static final String SOURCE = "training-source";
    public static final String TRAINER = "trainer";
    public static final String MODELS_SINK = "models-sink";

    private TrainingTopology() {
    }

    public static void addTo(Topology topology, Topics topics, Function<TrainerMemory, Trainer> trainerFactory, ModelSource models,
                             ServedModel source, ModelCodec codec, TrainingListener listener, Duration punctuateEvery,
                             VersionCatalog catalog, int keepVersions) {
        topology.addSource(SOURCE, topics.training().keySerde().deserializer(), topics.training().valueSerde().deserializer(),
                topics.training().name());
        topology.addProcessor(TRAINER, () -> new TrainerProcessor(trainerFactory, models, source, codec, listener, punctuateEvery,
                new TrainerCommands(catalog, codec, keepVersions)), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreTrainerMemory.STORE),
                Serdes.String(), Serdes.ByteArray()), TRAINER);
        topology.addSink(MODELS_SINK, topics.models().name(), topics.models().keySerde().serializer(),
                topics.models().valueSerde().serializer(), TRAINER);
    }
}
