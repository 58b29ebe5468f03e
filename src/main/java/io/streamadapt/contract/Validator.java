package io.streamadapt.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Validates raw labelled events and requests against the contract and the serving model's {@link LabelSpace}.
 * Never throws for bad input: every problem becomes a {@link Rejection} with a sentence naming the field.
 *
 * <p>Its length is one readable rejection per kind of bad input, each checked in a few lines, kept together so the
 * contract is enforced in one place.
 */
public final class Validator {
    /** Strict about trailing content: {@code {...} garbage} or two concatenated objects are not one valid record. */
    private static final ObjectReader TREE_READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"label":"1","label":"7"} has no single meaning: which one a reader keeps is an accident of the parser
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /**
     * Longest id, label or record key accepted, in characters (bytes for keys). An id becomes the key of the training
     * record and of the prediction, so an unbounded one would make those records as large as the input and could push
     * them over the broker's limit.
     */
    public static final int MAX_ID_LENGTH = 256;
    /** Largest total of a record's header keys and values. */
    public static final int MAX_HEADER_BYTES = 16_384;

    /** Reads the valid records, nearly all of them, without a tree; see {@link ValidRecordReader}. */
    private static final ValidRecordReader VALID = new ValidRecordReader();

    private final int maxBytes;
    private final Supplier<LabelSpace> space;
    private final int deadLetterMaxBytes;

    /**
     * @param maxBytes largest accepted record value in bytes
     * @param space    the current label space; read per record because a new model version may change it
     */
    public Validator(int maxBytes, Supplier<LabelSpace> space) {
        this(maxBytes, space, Integer.MAX_VALUE);
    }

    /**
     * @param deadLetterMaxBytes largest record the dead-letter topic accepts ({@code max.message.bytes}); dead letters
     *                           are cut to fit it, see {@link DeadLetters#fit}
     */
    public Validator(int maxBytes, Supplier<LabelSpace> space, int deadLetterMaxBytes) {
        this.maxBytes = maxBytes;
        this.space = space;
        this.deadLetterMaxBytes = deadLetterMaxBytes;
    }

    public int deadLetterMaxBytes() {
        return deadLetterMaxBytes;
    }

    /**
     * Checks what surrounds the value. A key is optional; when present it is bounded like an id, because it may become
     * one. Headers travel with a valid record to the training topic, so they are bounded too.
     */
    public Optional<Rejection> envelope(byte[] key, Headers headers) {
        if (key != null && key.length > MAX_ID_LENGTH) {
            return Optional.of(new Rejection(RejectReason.OVERSIZE, "record key is " + key.length + " bytes, limit is " + MAX_ID_LENGTH));
        }
        int headerBytes = 0;
        for (Header h : headers) {
            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            return Optional.of(new Rejection(RejectReason.OVERSIZE, "record headers are " + headerBytes + " bytes, limit is " + MAX_HEADER_BYTES));
        }
        return Optional.empty();
    }

    public Checked<LabeledEvent> labeled(byte[] value) {
        return check(value, true, f -> new LabeledEvent(f.id(), f.features(), f.label(), f.ts()), Validator::labeled);
    }

    public Checked<PredictionRequest> request(byte[] value) {
        return check(value, false, f -> new PredictionRequest(f.id(), f.features(), f.ts()), Validator::request);
    }

    /**
     * Size first, then the streaming read that accepts the valid records; whatever it does not accept is read as a tree
     * by {@code fromTree}, which names the problem.
     */
    private <T> Checked<T> check(byte[] value, boolean withLabel, Function<ValidRecordReader.Fields, T> valid,
                                 BiFunction<JsonNode, LabelSpace, Checked<T>> fromTree) {
        if (value == null || value.length == 0) {
            return Checked.invalid(RejectReason.EMPTY_RECORD, "record has no value");
        }
        if (value.length > maxBytes) {
            return Checked.invalid(RejectReason.OVERSIZE, "record is " + value.length + " bytes, limit is " + maxBytes
                    + " (record.max.bytes)");
        }
        LabelSpace ls = space.get();
        ValidRecordReader.Fields f = VALID.read(value, ls, withLabel);
        if (f != null) {
            return new Checked.Valid<>(valid.apply(f));
        }
        Object parsed = parse(value);
        if (parsed instanceof Checked.Invalid<?> inv) {
            return new Checked.Invalid<>(inv.rejection());
        }
        return fromTree.apply((JsonNode) parsed, ls);
    }

    private static Checked<LabeledEvent> labeled(JsonNode node, LabelSpace ls) {
        Object features = features(node, ls);
        if (features instanceof Rejection r) {
            return new Checked.Invalid<>(r);
        }
        JsonNode label = node.get("label");
        if (label == null || label.isNull()) {
            return Checked.invalid(RejectReason.MISSING_FIELD, "field 'label' is missing");
        }
        // A label is a class name. 1 and "1" are not silently the same: 1.0 or 1e0 would then be other classes or the
        // same one depending on formatting, so a producer writing numbers learns of it from the first dead letter.
        if (!label.isTextual()) {
            return Checked.invalid(RejectReason.WRONG_TYPE, "field 'label' must be a string, got "
                    + label.getNodeType());
        }
        String labelText = label.asText();
        if (labelText.isBlank()) {
            return Checked.invalid(RejectReason.MISSING_FIELD, "field 'label' is empty");
        }
        if (!ls.allowNewLabels() && !ls.classes().contains(labelText)) {
            return Checked.invalid(RejectReason.UNKNOWN_LABEL,
                    "label '" + abbreviate(labelText) + "' is not one of the model's classes " + ls.classes());
        }
        if (labelText.length() > MAX_ID_LENGTH) {
            return Checked.invalid(RejectReason.OVERSIZE, "field 'label' is " + labelText.length() + " characters, limit is " + MAX_ID_LENGTH);
        }
        return withIdAndTimestamp(node, (id, ts) -> new LabeledEvent(id, (float[]) features, labelText, ts));
    }

    private static Checked<PredictionRequest> request(JsonNode node, LabelSpace ls) {
        Object features = features(node, ls);
        if (features instanceof Rejection r) {
            return new Checked.Invalid<>(r);
        }
        return withIdAndTimestamp(node, (id, ts) -> new PredictionRequest(id, (float[]) features, ts));
    }

    /** Checks the optional {@code id} and {@code ts} both event types carry, then builds the event from them. */
    private static <T> Checked<T> withIdAndTimestamp(JsonNode node, BiFunction<String, Long, T> event) {
        Object id = optionalText(node, "id");
        if (id instanceof Rejection r) {
            return new Checked.Invalid<>(r);
        }
        Object ts = optionalLong(node);
        if (ts instanceof Rejection r) {
            return new Checked.Invalid<>(r);
        }
        return new Checked.Valid<>(event.apply((String) id, (Long) ts));
    }

    /** The record as a tree, for the records {@link ValidRecordReader} does not accept: it names what is wrong. */
    private static Object parse(byte[] value) {
        JsonNode node;
        try {
            node = TREE_READER.readTree(value);
        } catch (JsonProcessingException e) {
            return Checked.invalid(RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Checked.invalid(RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return Checked.invalid(RejectReason.EMPTY_RECORD, "record has no value (only whitespace)");
        }
        if (!node.isObject()) {
            return Checked.invalid(RejectReason.WRONG_TYPE, "value must be a JSON object, got " + node.getNodeType());
        }
        return node;
    }

    private static Object features(JsonNode node, LabelSpace ls) {
        JsonNode f = node.get("features");
        if (f == null || f.isNull()) {
            return new Rejection(RejectReason.MISSING_FIELD, "field 'features' is missing");
        }
        if (!f.isArray()) {
            return new Rejection(RejectReason.WRONG_TYPE, "field 'features' must be an array of numbers, got " + f.getNodeType());
        }
        if (f.size() != ls.inputSize()) {
            return new Rejection(RejectReason.WRONG_FEATURE_COUNT,
                    "field 'features' has " + f.size() + " values, the model expects " + ls.inputSize());
        }
        float[] out = new float[f.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = f.get(i);
            if (!v.isNumber()) {
                return new Rejection(RejectReason.WRONG_TYPE, "features[" + i + "] must be a number, got " + v.getNodeType());
            }
            double d = v.doubleValue();
            float x = (float) d;
            if (!Double.isFinite(d) || !Float.isFinite(x)) {
                return new Rejection(RejectReason.NON_FINITE_VALUE, "features[" + i + "] is " + d + "; values must be finite");
            }
            out[i] = x;
        }
        return out;
    }

    private static Object optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            return new Rejection(RejectReason.WRONG_TYPE, "field '" + field + "' must be a string, got " + v.getNodeType());
        }
        String text = v.asText();
        if (text.length() > MAX_ID_LENGTH) {
            return new Rejection(RejectReason.OVERSIZE, "field '" + field + "' is " + text.length() + " characters, limit is " + MAX_ID_LENGTH);
        }
        return text;
    }

    private static Object optionalLong(JsonNode node) {
        JsonNode v = node.get("ts");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            return new Rejection(RejectReason.WRONG_TYPE, "field 'ts' must be epoch milliseconds (an integer), got " + v);
        }
        return v.longValue();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
