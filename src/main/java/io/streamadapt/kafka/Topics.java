package io.streamadapt.kafka;

import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.contract.JsonSerde;
import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.contract.Prediction;
import io.streamadapt.contract.PredictionJson;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The immutable catalogue of every topic StreamAdapt reads or writes.
 *
 * @param labeled     raw labelled events from producers (bytes: validated by the ingest stage)
 * @param requests    raw prediction requests from producers
 * @param predictions predictions for consumers
 * @param models      compacted model versions (key: version number as text; value: the version record bytes)
 * @param dlq         dead letters: original key and value bytes plus reason headers
 * @param training    validated labelled events on a single partition, so one trainer task sees them in one order
 */
public record Topics(Topic<byte[], byte[]> labeled, Topic<byte[], byte[]> requests, Topic<String, Prediction> predictions,
                     Topic<String, byte[]> models, Topic<byte[], byte[]> dlq, Topic<String, LabeledEvent> training) {

    public static Topics from(Config config) {
        String app = config.get(Settings.APPLICATION_ID);
        return new Topics(
                new Topic<>(config.get(Settings.TOPIC_LABELED), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(config.get(Settings.TOPIC_REQUESTS), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(config.get(Settings.TOPIC_PREDICTIONS), Serdes.String(), PredictionJson.serde()),
                new Topic<>(config.get(Settings.TOPIC_MODELS), Serdes.String(), Serdes.ByteArray()),
                new Topic<>(config.get(Settings.TOPIC_DLQ), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(app + ".training", Serdes.String(), JsonSerde.of(LabeledEvent.class)));
    }
}
