package io.streamadapt.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link Prediction} field by field with the contract mapper's generator: the same bytes as the mapper writes
 * for the record (field names and order, number formatting, nulls), without the reflective serialiser, which was a
 * twentieth of serving's CPU. Reading stays with the mapper.
 */
public final class PredictionJson {
    private PredictionJson() {
    }

    /** The serde of the predictions topic. */
    public static Serde<Prediction> serde() {
        Serializer<Prediction> ser = (topic, value) -> value == null ? null : write(value);
        Deserializer<Prediction> de = (topic, bytes) -> bytes == null ? null : Json.read(bytes, Prediction.class);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] write(Prediction p) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
            // the mapper's generator carries the mapper's write features, such as its fast double writer
            try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("id", p.id());
                g.writeStringField("label", p.label());
                g.writeFieldName("probabilities");
                probabilities(g, p.probabilities());
                g.writeNumberField("modelVersion", p.modelVersion());
                g.writeNumberField("latencyMs", p.latencyMs());
                g.writeStringField("correction", p.correction());
                g.writeStringField("uncorrectedLabel", p.uncorrectedLabel());
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void probabilities(JsonGenerator g, Map<String, Double> probabilities) throws IOException {
        if (probabilities == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        if (probabilities instanceof ProbabilityMap m) {
            for (int i = 0; i < m.size(); i++) {
                g.writeNumberField(m.classAt(i), m.probabilityAt(i));
            }
        } else {
            for (Map.Entry<String, Double> e : probabilities.entrySet()) {
                g.writeFieldName(e.getKey());
                if (e.getValue() == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(e.getValue());
                }
            }
        }
        g.writeEndObject();
    }
}
