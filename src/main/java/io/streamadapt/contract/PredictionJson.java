package io.streamadapt.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link Prediction} with the same bytes as the contract mapper writes for the record (field names and order,
 * number formatting, nulls), without the reflective serialiser, which was a twentieth of serving's CPU. A prediction
 * whose strings are plain printable ASCII without quotes or backslashes and whose numbers are finite (nearly all) is
 * written straight into a byte array, numbers by the mapper's own double printer; creating a generator per record, its
 * buffers and its per-character escaping were half the cost of writing. Any other goes through the mapper's generator,
 * field by field. Reading stays with the mapper.
 */
public final class PredictionJson {
    /** Whether the mapper prints doubles with its fast writer, as the generator path then does. */
    private static final boolean FAST_DOUBLES = Json.MAPPER.getFactory().isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);

    private PredictionJson() {
    }

    /** The serde of the predictions topic. */
    public static Serde<Prediction> serde() {
        Serializer<Prediction> ser = (topic, value) -> value == null ? null : write(value);
        Deserializer<Prediction> de = (topic, bytes) -> bytes == null ? null : Json.read(bytes, Prediction.class);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] write(Prediction p) {
        byte[] plain = plain(p);
        return plain != null ? plain : generated(p);
    }

    /** The bytes of a prediction of plain strings and finite numbers; null for any other. */
    private static byte[] plain(Prediction p) {
        if (!(p.probabilities() instanceof ProbabilityMap m)) {
            return null;
        }
        Ascii out = new Ascii(128 + 40 * m.size());
        out.raw("{\"id\":");
        if (!out.string(p.id())) {
            return null;
        }
        out.raw(",\"label\":");
        if (!out.string(p.label())) {
            return null;
        }
        out.raw(",\"probabilities\":{");
        for (int i = 0; i < m.size(); i++) {
            if (i > 0) {
                out.raw(",");
            }
            double v = m.probabilityAt(i);
            if (!Double.isFinite(v) || !out.string(m.classAt(i))) {
                return null;
            }
            out.raw(":");
            out.raw(NumberOutput.toString(v, FAST_DOUBLES));
        }
        out.raw("},\"modelVersion\":");
        out.raw(Long.toString(p.modelVersion()));
        out.raw(",\"latencyMs\":");
        out.raw(Long.toString(p.latencyMs()));
        out.raw(",\"correction\":");
        if (!out.string(p.correction())) {
            return null;
        }
        out.raw(",\"uncorrectedLabel\":");
        if (!out.string(p.uncorrectedLabel())) {
            return null;
        }
        out.raw("}");
        return out.bytes();
    }

    private static byte[] generated(Prediction p) {
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

    /** A growing byte array of ASCII text. */
    private static final class Ascii {
        private byte[] buf;
        private int n;

        Ascii(int capacity) {
            buf = new byte[capacity];
        }

        void raw(String s) {
            int len = s.length();
            ensure(len);
            for (int i = 0; i < len; i++) {
                buf[n++] = (byte) s.charAt(i);
            }
        }

        /**
         * Writes the string quoted, or null, checking and copying in one pass; false (and the buffer no longer of use)
         * if it needs escaping or is not ASCII.
         */
        boolean string(String s) {
            if (s == null) {
                raw("null");
                return true;
            }
            int len = s.length();
            ensure(len + 2);
            buf[n++] = '"';
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
                buf[n++] = (byte) c;
            }
            buf[n++] = '"';
            return true;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
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
