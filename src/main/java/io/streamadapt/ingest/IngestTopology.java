package io.streamadapt.ingest;

import io.streamadapt.contract.JsonSerde;
import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.contract.PredictionRequest;
import io.streamadapt.contract.Validator;
import io.streamadapt.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/** Adds the validation stage of both flows to a topology; pure functions of their arguments. */
public final class IngestTopology {
    public static final String LABELED_SOURCE = "labeled-source";
    public static final String LABELED_VALIDATE = "labeled-validate";
    public static final String TRAINING_SINK = "training-sink";
    public static final String REQUESTS_SOURCE = "requests-source";
    public static final String REQUESTS_VALIDATE = "requests-validate";
    private static final String LABELED_DLQ = "labeled-dlq";
    private static final String REQUESTS_DLQ = "requests-dlq";

    private IngestTopology() {
    }

    /** Validates {@code adapt.labeled}; valid events go to the single-partition training topic, keyed by event id. */
    public static void addLabeled(Topology topology, Topics topics, Validator validator, IngestListener listener) {
        topology.addSource(LABELED_SOURCE, topics.labeled().keySerde().deserializer(),
                topics.labeled().valueSerde().deserializer(), topics.labeled().name());
        topology.addProcessor(LABELED_VALIDATE, () -> new ValidatingProcessor<>(validator, validator::labeled, LabeledEvent::id,
                TRAINING_SINK, LABELED_DLQ, listener), LABELED_SOURCE);
        topology.addSink(TRAINING_SINK, topics.training().name(), topics.training().keySerde().serializer(),
                topics.training().valueSerde().serializer(), LABELED_VALIDATE);
        topology.addSink(LABELED_DLQ, topics.dlq().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                LABELED_VALIDATE);
    }

    /**
     * Validates {@code adapt.requests}; valid requests go to the processor named {@code next}, which the caller adds
     * with {@link #REQUESTS_VALIDATE} as its parent.
     */
    public static void addRequests(Topology topology, Topics topics, Validator validator, IngestListener listener, String next) {
        topology.addSource(REQUESTS_SOURCE, topics.requests().keySerde().deserializer(),
                topics.requests().valueSerde().deserializer(), topics.requests().name());
        topology.addProcessor(REQUESTS_VALIDATE, () -> new ValidatingProcessor<>(validator, validator::request, PredictionRequest::id,
                next, REQUESTS_DLQ, listener), REQUESTS_SOURCE);
        topology.addSink(REQUESTS_DLQ, topics.dlq().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                REQUESTS_VALIDATE);
    }

    /**
     * The ingest stage on its own: valid requests are written to {@code validRequestsTopic} as JSON. Used to check the
     * contract end to end without a model.
     */
    public static Topology build(Topics topics, Validator validator, IngestListener listener, String validRequestsTopic) {
        Topology topology = new Topology();
        addLabeled(topology, topics, validator, listener);
        addRequests(topology, topics, validator, listener, "requests-valid-sink");
        topology.addSink("requests-valid-sink", validRequestsTopic, Serdes.String().serializer(),
                JsonSerde.of(PredictionRequest.class).serializer(), REQUESTS_VALIDATE);
        return topology;
    }
}
