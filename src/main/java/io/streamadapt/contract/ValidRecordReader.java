package io.streamadapt.contract;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.charset.StandardCharsets;

/**
 * Reads a record of the contract's usual shape in one pass over its bytes, straight into its fields, without a JSON
 * parser or tree: the tree and its boxed numbers were a tenth of serving's CPU, and Jackson's streaming parser (token
 * by token, each number's text copied and parsed again) still a fifth of the serving thread.
 *
 * <p>It only ever accepts: anything it does not read as plainly valid gives null, and the {@link Validator} reads the
 * record again as a tree to name the problem or, for valid JSON this reader leaves alone, to accept it. It leaves alone
 * everything outside the plain shape: a string with an escape or a byte outside printable ASCII, a number with more than
 * 18 significant digits or 64 characters, NaN or Infinity, a duplicate or unknown field, content after the object, a
 * missing or mistyped field, a wrong feature count, a value that is not finite as a float, an id or label over the
 * limit, an unknown label, a numeric id. So the rejections and their sentences stay where they are, in one place, and
 * the values accepted here are the ones the tree path gives: an integer is converted from its exact value, a decimal
 * is the correctly rounded double (exact arithmetic on at most 15 digits and a power of ten up to 22, Clinger's fast
 * path; otherwise the contract mapper's own parser on its text), then narrowed to float, as the tree path does.
 */
final class ValidRecordReader {
    /** A record's fields as read; {@code label} is null for requests. */
    record Fields(String id, float[] features, String label, Long ts) {
    }

    private static final int FEATURES = 1;
    private static final int ID = 2;
    private static final int TS = 4;
    private static final int LABEL = 8;
    /** Longest number read here; the mapper's own limit is far above, so a longer one goes to the tree path. */
    private static final int MAX_NUMBER_CHARS = 64;
    /** Significant digits a long holds whatever they are. */
    private static final int MAX_LONG_DIGITS = 18;
    /** Powers of ten a double holds exactly. */
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
            1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long EXACT_MANTISSA = 1L << 53;

    /** Where the scan is in the record, and the value of the last number read. */
    private static final class Cursor {
        final byte[] b;
        int i;
        boolean integral;
        long longValue;
        double doubleValue;

        Cursor(byte[] b) {
            this.b = b;
        }
    }

    /**
     * @param withLabel whether the record must carry a label of {@code space} (a labelled event) or ignores one (a
     *                  request)
     * @return the fields of a valid record; null when the record needs the tree path to say what is wrong with it
     */
    Fields read(byte[] value, LabelSpace space, boolean withLabel) {
        try {
            return read(new Cursor(value), space, withLabel);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Fields read(Cursor c, LabelSpace space, boolean withLabel) {
        if (next(c) != '{') {
            return null;
        }
        c.i++;
        float[] features = null;
        String id = null;
        String label = null;
        Long ts = null;
        int seen = 0;
        int t = next(c);
        if (t == '}') {
            return null;
        }
        while (true) {
            if (t != '"') {
                return null;
            }
            int field = field(c, withLabel);
            if (field == 0 || (seen & field) != 0 || next(c) != ':') {
                return null;
            }
            seen |= field;
            c.i++;
            int v = next(c);
            if (field == FEATURES) {
                features = features(c, space.inputSize());
                if (features == null) {
                    return null;
                }
            } else if (isNull(c, v)) {
                if (field == LABEL) {
                    return null;
                }
            } else if (field == TS) {
                if (!number(c) || !c.integral) {
                    return null;
                }
                ts = c.longValue;
            } else {
                String text = v == '"' ? string(c) : null;
                if (text == null) {
                    return null;
                }
                if (field == ID) {
                    id = text;
                } else {
                    label = text;
                }
            }
            t = next(c);
            c.i++;
            if (t == '}') {
                break;
            }
            if (t != ',') {
                return null;
            }
            t = next(c);
        }
        if (next(c) != -1 || features == null) {
            return null;
        }
        if (withLabel && !plainLabel(label, space)) {
            return null;
        }
        return new Fields(id, features, label, ts);
    }

    /** Skips JSON whitespace; the byte there (0 to 255: a byte 0xFF is not the end), or -1 at the end. */
    private static int next(Cursor c) {
        byte[] b = c.b;
        int i = c.i;
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        c.i = i;
        return i < b.length ? b[i] & 0xFF : -1;
    }

    private static boolean isNull(Cursor c, int v) {
        byte[] b = c.b;
        int i = c.i;
        if (v == 'n' && i + 3 < b.length && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l') {
            c.i = i + 4;
            return true;
        }
        return false;
    }

    /** The bit of the field whose name starts at the cursor's quote; 0 for any other name. */
    private static int field(Cursor c, boolean withLabel) {
        if (name(c, "features")) {
            return FEATURES;
        } else if (name(c, "id")) {
            return ID;
        } else if (name(c, "ts")) {
            return TS;
        } else if (withLabel && name(c, "label")) {
            return LABEL;
        }
        return 0;
    }

    /** Whether the quoted name at the cursor is {@code name}; moves past it when it is. */
    private static boolean name(Cursor c, String name) {
        byte[] b = c.b;
        int i = c.i + 1;
        int end = i + name.length();
        if (end >= b.length || b[end] != '"') {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (b[i + k] != name.charAt(k)) {
                return false;
            }
        }
        c.i = end + 1;
        return true;
    }

    /** A string of printable ASCII without escapes and at most the id limit long; null for any other. */
    private static String string(Cursor c) {
        byte[] b = c.b;
        int start = c.i + 1;
        int limit = Math.min(b.length, start + Validator.MAX_ID_LENGTH + 1);
        for (int i = start; i < limit; i++) {
            byte x = b[i];
            if (x == '"') {
                c.i = i + 1;
                return new String(b, start, i - start, StandardCharsets.US_ASCII);
            }
            if (x < 0x20 || x > 0x7e || x == '\\') {
                return null;
            }
        }
        return null;
    }

    /** The values of a {@code features} array of exactly {@code size} numbers finite as floats; null for anything else. */
    private static float[] features(Cursor c, int size) {
        if (next(c) != '[') {
            return null;
        }
        c.i++;
        float[] out = new float[size];
        int n = 0;
        int t = next(c);
        if (t == ']') {
            c.i++;
            return size == 0 ? out : null;
        }
        while (true) {
            if (n == size || !number(c)) {
                return null;
            }
            float x = c.integral ? (float) (double) c.longValue : (float) c.doubleValue;
            if (!Float.isFinite(x)) {
                return null;
            }
            out[n++] = x;
            t = next(c);
            c.i++;
            if (t == ']') {
                break;
            }
            if (t != ',') {
                return null;
            }
            next(c);
        }
        return n == size ? out : null;
    }

    /**
     * Reads a JSON number at the cursor into {@code integral} and {@code longValue} or {@code doubleValue}, as the
     * mapper would: an integer (no fraction, no exponent) as its exact value, anything else as the correctly rounded
     * double. False for anything that is not a number of the plain kind, which the tree path then reads. One pass: the
     * digits are accumulated as they are checked.
     */
    private static boolean number(Cursor c) {
        byte[] b = c.b;
        int start = c.i;
        int i = start;
        int len = b.length;
        boolean negative = i < len && b[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= len || !isDigit(b[i])) {
            return false;
        }
        long mantissa = 0;
        // digits counted from the first non-zero one: 0.000123 has three
        int significant = 0;
        if (b[i] == '0') {
            i++;
            if (i < len && isDigit(b[i])) {
                return false;
            }
        } else {
            while (i < len && isDigit(b[i])) {
                if (++significant <= MAX_LONG_DIGITS) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                }
                i++;
            }
        }
        int fracDigits = 0;
        boolean fraction = i < len && b[i] == '.';
        if (fraction) {
            i++;
            int fracStart = i;
            while (i < len && isDigit(b[i])) {
                if (significant > 0 || b[i] != '0') {
                    significant++;
                }
                if (significant <= MAX_LONG_DIGITS) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                }
                i++;
            }
            fracDigits = i - fracStart;
            if (fracDigits == 0) {
                return false;
            }
        }
        boolean hasExponent = i < len && (b[i] == 'e' || b[i] == 'E');
        int exponent = 0;
        if (hasExponent) {
            i++;
            boolean negativeExponent = false;
            if (i < len && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int expStart = i;
            while (i < len && isDigit(b[i])) {
                if (i - expStart < 4) {
                    exponent = exponent * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == expStart) {
                return false;
            }
            if (i - expStart > 4) {
                exponent = 10_000;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i - start > MAX_NUMBER_CHARS || (i < len && !ends(b[i]))) {
            return false;
        }
        c.i = i;
        if (!fraction && !hasExponent) {
            if (significant > MAX_LONG_DIGITS) {
                return false;
            }
            c.integral = true;
            c.longValue = negative ? -mantissa : mantissa;
            return true;
        }
        c.integral = false;
        int scale = exponent - fracDigits;
        double d;
        if (significant == 0) {
            d = 0;
        } else if (significant <= MAX_LONG_DIGITS && mantissa < EXACT_MANTISSA && scale >= -22 && scale <= 22) {
            d = scale >= 0 ? mantissa * POWERS[scale] : mantissa / POWERS[-scale];
        } else {
            c.doubleValue = NumberInput.parseDouble(new String(b, start, i - start, StandardCharsets.US_ASCII), true);
            return true;
        }
        c.doubleValue = negative ? -d : d;
        return true;
    }

    private static boolean isDigit(byte x) {
        return x >= '0' && x <= '9';
    }

    /** What may follow a number in this shape: whitespace, a separator or a closing bracket. */
    private static boolean ends(byte x) {
        return x == ',' || x == ']' || x == '}' || x == ' ' || x == '\n' || x == '\r' || x == '\t';
    }

    private static boolean plainLabel(String label, LabelSpace space) {
        return label != null && !label.isBlank() && label.length() <= Validator.MAX_ID_LENGTH
                && (space.allowNewLabels() || space.classes().contains(label));
    }
}
