package io.streamadapt.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte scanner accepts only what the tree path accepts, with the same values to the bit: every number form is
 * checked against the contract mapper's tree, which is what {@link Validator} falls back to.
 */
class ValidRecordReaderTest {
    private static final LabelSpace ONE = new LabelSpace(1, List.of("a", "b"), false);
    private static final LabelSpace THREE = new LabelSpace(3, List.of("a", "b"), false);
    private static final ObjectReader TREE = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ValidRecordReader reader = new ValidRecordReader();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The value the tree path gives the only feature of {@code {"features":[literal]}}; null if it rejects it. */
    private static Float treeValue(String literal) {
        JsonNode node;
        try {
            node = TREE.readTree(bytes("{\"features\":[" + literal + "]}"));
        } catch (IOException e) {
            return null;
        }
        JsonNode v = node.get("features").get(0);
        if (!v.isNumber()) {
            return null;
        }
        double d = v.doubleValue();
        float x = (float) d;
        return Double.isFinite(d) && Float.isFinite(x) ? x : null;
    }

    /** The scanner's value for the same record; null where it leaves the record to the tree path. */
    private Float scannedValue(String literal) {
        ValidRecordReader.Fields f = reader.read(bytes("{\"features\":[" + literal + "]}"), ONE, false);
        return f == null ? null : f.features()[0];
    }

    /** Whatever the scanner accepts, it reads to the same bits as the tree path. */
    private void assertAgreesWithTheTree(String literal) {
        Float scanned = scannedValue(literal);
        if (scanned != null) {
            Float tree = treeValue(literal);
            assertThat(tree).as("the tree path accepts %s", literal).isNotNull();
            assertThat(Float.floatToRawIntBits(scanned)).as("bits of %s: scanned %s, tree %s", literal, scanned, tree)
                    .isEqualTo(Float.floatToRawIntBits(tree));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "0.0", "-0.0", "1", "-1", "12", "0.5", "-1.5", "0.0625", "12.0", "3.4028235E38",
            "-3.4028235E38", "1.4E-45", "1.17549435E-38", "1e5", "1E5", "1e+5", "1e-5", "1.5e-7", "-2.5E+3", "0e0", "-0e-0",
            "0.000001", "123456789", "9007199254740993", "123456789012345678", "-123456789012345678", "0.1", "0.2", "0.3",
            "2.2250738585072014E-308", "4.9E-324", "1e-400", "0.30000000000000004", "1.0000000000000002",
            "3.14159265358979323846264338327950288", "100000000000000000000000.0", "1e22", "1e23", "9.999999e-23"})
    void readsEveryPlainNumberFormToTheTreesValue(String literal) {
        assertThat(scannedValue(literal)).as("accepted: %s", literal).isNotNull();
        assertAgreesWithTheTree(literal);
    }

    @Test
    void keepsTheSignOfANegativeZeroDecimalButNotOfAnIntegerZero() {
        assertThat(Float.floatToRawIntBits(scannedValue("-0.0"))).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Float.floatToRawIntBits(scannedValue("-0e3"))).isEqualTo(Float.floatToRawIntBits(-0.0f));
        // the tree reads -0 as the integer 0
        assertThat(Float.floatToRawIntBits(scannedValue("-0"))).isEqualTo(Float.floatToRawIntBits(0.0f));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "1e39", "-1e39", "1e400", "1e99999",
            "3.4028236E38", "01", "-01", "00.5", "1.", ".5", "-.5", "+1", "1e", "1e+", "--1", "0x10", "1.5.5", "1e5e5", "1_0",
            "true", "null", "\"1\"", "[1]", "{}", "1 2", "12345678901234567890", "-", "1ee5"})
    void leavesNonFiniteAndMalformedNumbersToTheTreePath(String literal) {
        assertThat(scannedValue(literal)).as("not accepted: %s", literal).isNull();
    }

    @Test
    void readsRandomFloatsAsTheyAreWrittenToTheTreesBits() {
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(f)) {
                continue;
            }
            String asFloat = Float.toString(f);
            String asDouble = Double.toString(f);
            assertThat(scannedValue(asFloat)).as(asFloat).isNotNull();
            assertAgreesWithTheTree(asFloat);
            assertAgreesWithTheTree(asDouble);
            assertAgreesWithTheTree(new BigDecimal(f).toPlainString());
        }
    }

    @Test
    void readsRandomDecimalsOfEveryLengthAndExponentToTheTreesBits() {
        Random random = new Random(11);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder();
            if (random.nextBoolean()) {
                s.append('-');
            }
            int intDigits = 1 + random.nextInt(12);
            s.append(random.nextInt(10) == 0 ? '0' : (char) ('1' + random.nextInt(9)));
            if (s.charAt(s.length() - 1) != '0') {
                for (int i = 1; i < intDigits; i++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            if (random.nextBoolean()) {
                s.append('.');
                int frac = 1 + random.nextInt(22);
                for (int i = 0; i < frac; i++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            if (random.nextInt(3) == 0) {
                s.append(random.nextBoolean() ? 'e' : 'E');
                int r = random.nextInt(3);
                s.append(r == 0 ? "" : r == 1 ? "+" : "-");
                s.append(random.nextInt(60));
            }
            String literal = s.toString();
            assertAgreesWithTheTree(literal);
            if (treeValue(literal) != null && literal.length() <= 32) {
                assertThat(scannedValue(literal)).as("accepted: %s", literal).isNotNull();
            }
        }
    }

    @Test
    void readsARecordWithEveryFieldAndAnyWhitespace() {
        ValidRecordReader.Fields f = reader.read(bytes(" {\n\t\"id\" : \"r-1\" ,\r\n \"features\":[ 1 , -2.5e0,\t0.125 ] ,"
                + "\"label\":\"b\", \"ts\" : 1732752000000 } \n"), THREE, true);
        assertThat(f).isNotNull();
        assertThat(f.id()).isEqualTo("r-1");
        assertThat(f.features()).containsExactly(1f, -2.5f, 0.125f);
        assertThat(f.label()).isEqualTo("b");
        assertThat(f.ts()).isEqualTo(1732752000000L);
        ValidRecordReader.Fields nulls = reader.read(bytes("{\"features\":[1,2,3],\"id\":null,\"ts\":null}"), THREE, false);
        assertThat(nulls).isNotNull();
        assertThat(nulls.id()).isNull();
        assertThat(nulls.ts()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"features\":[1,2,3],\"id\":\"a\",\"id\":\"b\"}",
        "{\"features\":[1,2,3],\"features\":[1,2,3]}",
        "{\"features\":[1,2,3],\"other\":1}",
        "{\"features\":[1,2,3],\"label\":\"a\"}",
        "{\"features\":[1,2,3]} {}",
        "{\"features\":[1,2,3]}x",
        "{\"features\":[1,2,3],}",
        "{\"features\":[1,2,3,]}",
        "{\"features\":[1,2]}",
        "{\"features\":[1,2,3,4]}",
        "{\"features\":[1,[2],3]}",
        "{\"features\":[1,2,3]",
        "{\"features\":[1,2,3]",
        "{\"features\":null}",
        "{\"features\":[1,2,3],\"id\":7}",
        "{\"features\":[1,2,3],\"id\":\"a\\\"b\"}",
        "{\"features\":[1,2,3],\"id\":\"caf\u00e9\"}",
        "{\"features\":[1,2,3],\"id\":\"tab\there\"}",
        "{\"features\":[1,2,3],\"ts\":1.0}",
        "{\"features\":[1,2,3],\"ts\":1e3}",
        "{\"features\":[1,2,3],\"ts\":\"1\"}",
        "{\"features\":[1,2,3],\"ts\":nul}",
        "{\"feat\\u0075res\":[1,2,3]}",
        "{'features':[1,2,3]}",
        "[1,2,3]",
        "{}",
        "",
        "   ",
    })
    void leavesEveryRecordOutsideThePlainShapeToTheTreePath(String record) {
        assertThat(reader.read(bytes(record), THREE, false)).isNull();
    }

    @Test
    void leavesABytePastTheObjectToTheTreePathWhateverItsValue() {
        for (int x = 0; x < 256; x++) {
            if (x == ' ' || x == '\n' || x == '\r' || x == '\t') {
                continue;
            }
            byte[] plain = bytes("{\"features\":[1,2,3]}");
            byte[] record = Arrays.copyOf(plain, plain.length + 1);
            record[plain.length] = (byte) x;
            assertThat(reader.read(record, THREE, false)).as("byte %d after the object", x).isNull();
        }
    }

    @Test
    void leavesAnIdOverTheLimitAndLabelsOutsideTheSpaceToTheTreePath() {
        String limit = "x".repeat(Validator.MAX_ID_LENGTH);
        assertThat(reader.read(bytes("{\"features\":[1,2,3],\"id\":\"" + limit + "\"}"), THREE, false)).isNotNull();
        assertThat(reader.read(bytes("{\"features\":[1,2,3],\"id\":\"" + limit + "x\"}"), THREE, false)).isNull();
        assertThat(reader.read(bytes("{\"features\":[1,2,3],\"label\":\"c\"}"), THREE, true)).isNull();
        assertThat(reader.read(bytes("{\"features\":[1,2,3],\"label\":\" \"}"), THREE, true)).isNull();
        assertThat(reader.read(bytes("{\"features\":[1,2,3],\"label\":null}"), THREE, true)).isNull();
        assertThat(reader.read(bytes("{\"features\":[1,2,3]}"), THREE, true)).isNull();
        assertThat(reader.read(bytes("{\"features\":[1,2,3],\"label\":\"c\"}"), new LabelSpace(3, List.of("a"), true), true))
                .isNotNull();
    }

    @Test
    void readsWhatTheReplayerWritesAsTheTreeDoes() throws IOException {
        Random random = new Random(3);
        List<byte[]> records = new ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            float[] x = new float[64];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextInt(4) == 0 ? random.nextInt(17) : (float) random.nextGaussian();
            }
            records.add(Json.write(new PredictionRequest("r-" + n, x, 1732752000000L + n)));
        }
        LabelSpace space = new LabelSpace(64, List.of("a"), false);
        for (byte[] r : records) {
            ValidRecordReader.Fields f = reader.read(r, space, false);
            assertThat(f).isNotNull();
            JsonNode tree = TREE.readTree(r);
            assertThat(f.id()).isEqualTo(tree.get("id").asText());
            assertThat(f.ts()).isEqualTo(tree.get("ts").longValue());
            for (int i = 0; i < 64; i++) {
                assertThat(Float.floatToRawIntBits(f.features()[i]))
                        .isEqualTo(Float.floatToRawIntBits((float) tree.get("features").get(i).doubleValue()));
            }
        }
    }
}
