package io.streamadapt.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * Reads a record of the contract's usual shape in one pass over the parser's tokens, straight into its fields, without
 * building a JSON tree: the tree and its boxed numbers were a tenth of serving's CPU.
 *
 * <p>It only ever accepts: anything it does not read as plainly valid (a parse error, a duplicate or unknown field,
 * content after the object, a missing or mistyped field, a wrong feature count, a non-finite value, an id or label over
 * the limit, an unknown label, a numeric id) gives null, and the {@link Validator} reads the record again as a tree to
 * name the problem. So the rejections and their sentences stay where they are, in one place, and the values accepted
 * here are the ones the tree path gives (the same parser reads the same numbers to double, then to float).
 *
 * <p>Duplicates are found here with one bit per known field rather than by the parser's duplicate detection, which
 * builds a hash set of names for every record of more than two fields; a record with any other field, where a
 * duplicate could hide, goes to the tree path.
 */
final class ValidRecordReader {
    /** A record's fields as read; {@code label} is null for requests. */
    record Fields(String id, float[] features, String label, Long ts) {
    }

    private static final int FEATURES = 1;
    private static final int ID = 2;
    private static final int TS = 4;
    private static final int LABEL = 8;

    private final ObjectReader reader;

    /** @param reader configured as the tree path's reader, so both parse with the same features */
    ValidRecordReader(ObjectReader reader) {
        this.reader = reader.without(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * @param withLabel whether the record must carry a label of {@code space} (a labelled event) or ignores one (a
     *                  request)
     * @return the fields of a valid record; null when the record needs the tree path to say what is wrong with it
     */
    Fields read(byte[] value, LabelSpace space, boolean withLabel) {
        try (JsonParser p = reader.createParser(value)) {
            return read(p, space, withLabel);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Fields read(JsonParser p, LabelSpace space, boolean withLabel) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        float[] features = null;
        String id = null;
        String label = null;
        Long ts = null;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            int field = field(p.currentName(), withLabel);
            if (field == 0 || (seen & field) != 0) {
                return null;
            }
            seen |= field;
            JsonToken v = p.nextToken();
            if (field == FEATURES) {
                features = features(p, v, space.inputSize());
                if (features == null) {
                    return null;
                }
            } else if (field == ID) {
                if (v == JsonToken.VALUE_STRING) {
                    id = p.getText();
                    if (id.length() > Validator.MAX_ID_LENGTH) {
                        return null;
                    }
                } else if (v != JsonToken.VALUE_NULL) {
                    return null;
                }
            } else if (field == TS) {
                if (v == JsonToken.VALUE_NUMBER_INT && (p.getNumberType() == JsonParser.NumberType.INT
                        || p.getNumberType() == JsonParser.NumberType.LONG)) {
                    ts = p.getLongValue();
                } else if (v != JsonToken.VALUE_NULL) {
                    return null;
                }
            } else {
                if (v != JsonToken.VALUE_STRING) {
                    return null;
                }
                label = p.getText();
            }
        }
        if (p.nextToken() != null || features == null) {
            return null;
        }
        if (withLabel && !plainLabel(label, space)) {
            return null;
        }
        return new Fields(id, features, label, ts);
    }

    /** The bit of a field this reader reads; 0 for any other. */
    private static int field(String name, boolean withLabel) {
        return switch (name) {
            case "features" -> FEATURES;
            case "id" -> ID;
            case "ts" -> TS;
            case "label" -> withLabel ? LABEL : 0;
            default -> 0;
        };
    }

    /** The values of a {@code features} array of exactly {@code size} finite numbers; null for anything else. */
    private static float[] features(JsonParser p, JsonToken start, int size) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            return null;
        }
        float[] out = new float[size];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (n == size || (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT)) {
                return null;
            }
            double d = p.getDoubleValue();
            float x = (float) d;
            if (!Float.isFinite(x)) {
                return null;
            }
            out[n++] = x;
        }
        return n == size ? out : null;
    }

    private static boolean plainLabel(String label, LabelSpace space) {
        return label != null && !label.isBlank() && label.length() <= Validator.MAX_ID_LENGTH
                && (space.allowNewLabels() || space.classes().contains(label));
    }
}
