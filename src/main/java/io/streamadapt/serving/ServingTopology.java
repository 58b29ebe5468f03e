package io.streamadapt.serving;

import io.streamadapt.contract.Validator;
import io.streamadapt.ingest.IngestListener;
import io.streamadapt.ingest.IngestTopology;
import io.streamadapt.kafka.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** Adds the request flow to a topology: validate, predict (in small batches), write to the predictions topic. */
public final class ServingTopology {
    public static final String PREDICT = "predict";
    public static final String PREDICTIONS_SINK = "predictions-sink";

    private ServingTopology() {
    }

    /**
     * @param batchSize requests scored together (1: each at once)
     * @param maxWait   longest a request waits for its batch to fill
     */
    public static void addTo(Topology topology, Topics topics, Validator validator, IngestListener ingest, ModelHolder holder,
                             PriorTracker priors, ServingListener listener, int batchSize, Duration maxWait) {
        IngestTopology.addRequests(topology, topics, validator, ingest, PREDICT);
        topology.addProcessor(PREDICT, () -> new PredictProcessor(holder, priors, listener, batchSize, maxWait.toMillis()),
                IngestTopology.REQUESTS_VALIDATE);
        if (batchSize > 1) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PredictProcessor.STORE),
                    Serdes.String(), Serdes.ByteArray()), PREDICT);
        }
        topology.addSink(PREDICTIONS_SINK, topics.predictions().name(), topics.predictions().keySerde().serializer(),
                topics.predictions().valueSerde().serializer(), PREDICT);
    }
}
