package io.streamadapt.serving;

import io.streamadapt.contract.Validator;
import io.streamadapt.ingest.IngestListener;
import io.streamadapt.ingest.IngestTopology;
import io.streamadapt.kafka.Topics;
import org.apache.kafka.streams.Topology;

/** Adds the request flow to a topology: validate, predict, write to the predictions topic. */
public final class ServingTopology {
    public static final String PREDICT = "predict";
    public static final String PREDICTIONS_SINK = "predictions-sink";

    private ServingTopology() {
    }

    public static void addTo(Topology topology, Topics topics, Validator validator, IngestListener ingest, ModelHolder holder,
                             ServingListener listener) {
        IngestTopology.addRequests(topology, topics, validator, ingest, PREDICT);
        topology.addProcessor(PREDICT, () -> new PredictProcessor(holder, listener), IngestTopology.REQUESTS_VALIDATE);
        topology.addSink(PREDICTIONS_SINK, topics.predictions().name(), topics.predictions().keySerde().serializer(),
                topics.predictions().valueSerde().serializer(), PREDICT);
    }
}
