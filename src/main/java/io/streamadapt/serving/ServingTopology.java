package io.streamadapt.serving;

import io.streamadapt.kafka.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** Adds serving to a topology: validated requests are scored and their predictions written to the predictions topic. */
public final class ServingTopology {
    public static final String PREDICT = "predict";
    public static final String PREDICTIONS_SINK = "predictions-sink";

    private ServingTopology() {
    }

    /**
     * @param validRequests the processor that hands on validated requests
     * @param batchSize     requests scored together (1: each at once)
     * @param maxWait       longest a request waits for its batch to fill
     */
    public static void addTo(Topology topology, Topics topics, String validRequests, ModelHolder holder, PriorTracker priors,
                             ServingListener listener, int batchSize, Duration maxWait) {
        topology.addProcessor(PREDICT, () -> new PredictProcessor(holder, priors, listener, batchSize, maxWait.toMillis()),
                validRequests);
        if (batchSize > 1) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PredictProcessor.STORE),
                    Serdes.String(), Serdes.ByteArray()), PREDICT);
        }
        topology.addSink(PREDICTIONS_SINK, topics.predictions().name(), topics.predictions().keySerde().serializer(),
                topics.predictions().valueSerde().serializer(), PREDICT);
    }
}
