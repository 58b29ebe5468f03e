package io.streamadapt.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidatorTest {
    private static final LabelSpace DIGITS_0_TO_2 = new LabelSpace(3, List.of("0", "1", "2"), false);

    private final Validator validator = new Validator(1024, () -> DIGITS_0_TO_2);

    /** JSON written with single quotes, so the tests stay readable. */
    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T valid(Checked<T> checked) {
        assertThat(checked).isInstanceOf(Checked.Valid.class);
        return ((Checked.Valid<T>) checked).value();
    }

    private static Rejection rejection(Checked<?> checked) {
        assertThat(checked).isInstanceOf(Checked.Invalid.class);
        return ((Checked.Invalid<?>) checked).rejection();
    }

    private static void assertRejected(Checked<?> checked, RejectReason reason, String detail) {
        assertThat(rejection(checked)).isEqualTo(new Rejection(reason, detail));
    }

    @Test
    void acceptsAValidLabelledEvent() {
        LabeledEvent event = valid(validator.labeled(json(
                "{'id':'e-1','features':[0.0,0.25,-1.5],'label':'2','ts':1732752000000}")));

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.features()).containsExactly(0.0f, 0.25f, -1.5f);
        assertThat(event.label()).isEqualTo("2");
        assertThat(event.ts()).isEqualTo(1732752000000L);
    }

    @Test
    void acceptsALabelledEventWithoutTheOptionalIdAndTimestamp() {
        LabeledEvent event = valid(validator.labeled(json("{'features':[1,2,3],'label':'0'}")));

        assertThat(event.id()).isNull();
        assertThat(event.ts()).isNull();
        assertThat(event.features()).containsExactly(1f, 2f, 3f);
    }

    @Test
    void rejectsANumericLabelBecauseALabelIsAClassName() {
        assertRejected(validator.labeled(json("{'features':[1,2,3],'label':1}")), RejectReason.WRONG_TYPE,
                "field 'label' must be a string, got NUMBER");
        assertThat(rejection(validator.labeled(json("{'features':[1,2,3],'label':1.0}"))).reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection(validator.labeled(json("{'features':[1,2,3],'label':true}"))).reason()).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void rejectsARecordWithADuplicateKeyAsMalformedJson() {
        Rejection r = rejection(validator.labeled(json("{'features':[1,2,3],'label':'1','label':'2'}")));

        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(r.detail()).contains("Duplicate field 'label'");
        assertThat(rejection(validator.request(json("{'features':[1,2,3],'features':[1,2,3]}"))).reason())
                .isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejection(validator.request(json("{'id':'r-1','features':[1,2,3],'ts':5,'id':'r-2'}"))).reason())
                .isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void rejectsAnIdLabelOrKeyLongerThanTheLimitAsOversize() {
        String longText = "x".repeat(Validator.MAX_ID_LENGTH + 1);
        Validator roomy = new Validator(1 << 20, () -> new LabelSpace(3, List.of("0", "1", "2"), true));

        assertRejected(roomy.request(json("{'id':'" + longText + "','features':[1,2,3]}")), RejectReason.OVERSIZE,
                "field 'id' is 257 characters, limit is 256");
        assertRejected(roomy.labeled(json("{'features':[1,2,3],'label':'" + longText + "'}")), RejectReason.OVERSIZE,
                "field 'label' is 257 characters, limit is 256");
        assertThat(roomy.envelope(longText.getBytes(StandardCharsets.UTF_8), new RecordHeaders()))
                .hasValueSatisfying(rej -> assertThat(rej.detail()).isEqualTo("record key is 257 bytes, limit is 256"));
        assertThat(roomy.envelope("r-1".getBytes(StandardCharsets.UTF_8), new RecordHeaders()
                .add("big", new byte[Validator.MAX_HEADER_BYTES]))).hasValueSatisfying(rej -> assertThat(rej.reason()).isEqualTo(RejectReason.OVERSIZE));
        assertThat(roomy.envelope(null, new RecordHeaders())).isEmpty();
    }

    @Test
    void ignoresUnknownFieldsAndSurroundingWhitespace() {
        LabeledEvent event = valid(validator.labeled(json("  {'features':[1,2,3],'label':'1','source':'cam-7'}\n")));

        assertThat(event.label()).isEqualTo("1");
    }

    @Test
    void acceptsAValidRequest() {
        PredictionRequest request = valid(validator.request(json("{'id':'r-1','features':[0.5,1e-3,7],'ts':5}")));

        assertThat(request.id()).isEqualTo("r-1");
        assertThat(request.features()).containsExactly(0.5f, 0.001f, 7f);
        assertThat(request.ts()).isEqualTo(5L);
    }

    @Test
    void readsAValidRequestWhateverElseItCarries() {
        PredictionRequest request = valid(validator.request(json(
                "{'meta':{'tags':[1,{'x':null}],'s':'caf\u00e9'},'label':'2','ts':null,'features':[12345678901234567890,-0.5,1E2],'id':7}")));

        assertThat(request.id()).as("a numeric id is its text").isEqualTo("7");
        assertThat(request.features()).containsExactly(1.2345679E19f, -0.5f, 100f);
        assertThat(request.ts()).isNull();
        assertThat(valid(validator.labeled(json("{'label':'0','id':null,'features':[0.1,2.5e-1,3],'ts':-5}"))).ts()).isEqualTo(-5L);
    }

    @Test
    void rejectsBadUtf8EvenInAFieldItIgnores() {
        byte[] latin1 = "{\"features\":[1,2,3],\"note\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(rejection(validator.request(latin1)).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void acceptsARequestWithoutALabel() {
        PredictionRequest request = valid(validator.request(json("{'features':[1,2,3]}")));

        assertThat(request.id()).isNull();
        assertThat(request.ts()).isNull();
    }

    @Test
    void rejectsRecordThatIsNotJson() {
        Rejection r = rejection(validator.labeled(json("{'features':[1,2,3],'label':")));

        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(r.detail()).startsWith("not valid JSON: ");
    }

    @Test
    void rejectsRecordWithContentAfterTheJsonObject() {
        assertThat(rejection(validator.labeled(json("{'features':[1,2,3],'label':'1'} trailing"))).reason())
                .isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejection(validator.request(json("{'features':[1,2,3]}{'features':[4,5,6]}"))).reason())
                .isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void rejectsRecordThatIsNotUtf8() {
        byte[] latin1 = "{\"features\":[1,2,3],\"label\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(rejection(validator.labeled(latin1)).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void rejectsRecordWithoutFeatures() {
        assertRejected(validator.labeled(json("{'label':'1'}")), RejectReason.MISSING_FIELD, "field 'features' is missing");
        assertRejected(validator.labeled(json("{'features':null,'label':'1'}")), RejectReason.MISSING_FIELD,
                "field 'features' is missing");
        assertRejected(validator.request(json("{'id':'r-1'}")), RejectReason.MISSING_FIELD, "field 'features' is missing");
    }

    @Test
    void rejectsLabelledEventWithoutLabel() {
        assertRejected(validator.labeled(json("{'features':[1,2,3]}")), RejectReason.MISSING_FIELD,
                "field 'label' is missing");
        assertRejected(validator.labeled(json("{'features':[1,2,3],'label':null}")), RejectReason.MISSING_FIELD,
                "field 'label' is missing");
        assertRejected(validator.labeled(json("{'features':[1,2,3],'label':' '}")), RejectReason.MISSING_FIELD,
                "field 'label' is empty");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'features':'1,2,3','label':'1'}          | field 'features' must be an array of numbers, got STRING",
            "{'features':{'a':1},'label':'1'}          | field 'features' must be an array of numbers, got OBJECT",
            "{'features':[1,'2',3],'label':'1'}        | features[1] must be a number, got STRING",
            "{'features':[1,2,null],'label':'1'}       | features[2] must be a number, got NULL",
            "{'features':[true,2,3],'label':'1'}       | features[0] must be a number, got BOOLEAN",
            "{'features':[1,2,3],'label':{'name':'1'}} | field 'label' must be a string, got OBJECT",
            "{'features':[1,2,3],'label':1.5}          | field 'label' must be a string, got NUMBER",
            "{'features':[1,2,3],'label':'1','ts':1.5} | field 'ts' must be epoch milliseconds (an integer), got 1.5",
            "{'features':[1,2,3],'label':'1','id':[1]} | field 'id' must be a string, got ARRAY",
            "[1,2,3]                                   | value must be a JSON object, got ARRAY",
            "'just text'                               | value must be a JSON object, got STRING",
            "42                                        | value must be a JSON object, got NUMBER",
            "null                                      | value must be a JSON object, got NULL",
    })
    void rejectsLabelledEventWithAFieldOfTheWrongType(String record, String detail) {
        assertRejected(validator.labeled(json(record)), RejectReason.WRONG_TYPE, detail);
    }

    @Test
    void rejectsATimestampThatIsNotEpochMillis() {
        assertRejected(validator.labeled(json("{'features':[1,2,3],'label':'1','ts':'2024-11-28'}")),
                RejectReason.WRONG_TYPE, "field 'ts' must be epoch milliseconds (an integer), got \"2024-11-28\"");
    }

    @Test
    void rejectsRequestWithAFieldOfTheWrongType() {
        assertRejected(validator.request(json("{'features':[1,2,'x']}")), RejectReason.WRONG_TYPE,
                "features[2] must be a number, got STRING");
        assertRejected(validator.request(json("{'features':[1,2,3],'ts':'soon'}")), RejectReason.WRONG_TYPE,
                "field 'ts' must be epoch milliseconds (an integer), got \"soon\"");
        assertRejected(validator.request(json("['features']")), RejectReason.WRONG_TYPE,
                "value must be a JSON object, got ARRAY");
    }

    @Test
    void rejectsRecordWithWrongFeatureCount() {
        assertRejected(validator.labeled(json("{'features':[1,2],'label':'1'}")), RejectReason.WRONG_FEATURE_COUNT,
                "field 'features' has 2 values, the model expects 3");
        assertRejected(validator.labeled(json("{'features':[1,2,3,4],'label':'1'}")), RejectReason.WRONG_FEATURE_COUNT,
                "field 'features' has 4 values, the model expects 3");
        assertRejected(validator.request(json("{'features':[]}")), RejectReason.WRONG_FEATURE_COUNT,
                "field 'features' has 0 values, the model expects 3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'features':[1,NaN,3],'label':'1'}       | features[1] is NaN; values must be finite",
            "{'features':[Infinity,2,3],'label':'1'}  | features[0] is Infinity; values must be finite",
            "{'features':[1,2,-Infinity],'label':'1'} | features[2] is -Infinity; values must be finite",
            "{'features':[1,1e999,3],'label':'1'}     | features[1] is Infinity; values must be finite",
            "{'features':[1,2,1e39],'label':'1'}      | features[2] is 1.0E39; values must be finite",
    })
    void rejectsRecordWithANonFiniteValue(String record, String detail) {
        assertRejected(validator.labeled(json(record)), RejectReason.NON_FINITE_VALUE, detail);
        assertRejected(validator.request(json(record)), RejectReason.NON_FINITE_VALUE, detail);
    }

    @Test
    void rejectsLabelOutsideTheModelsClasses() {
        assertRejected(validator.labeled(json("{'features':[1,2,3],'label':'7'}")), RejectReason.UNKNOWN_LABEL,
                "label '7' is not one of the model's classes [0, 1, 2]");
    }

    @Test
    void abbreviatesAVeryLongUnknownLabelInTheDetail() {
        String label = "x".repeat(500);

        Rejection r = rejection(validator.labeled(json("{'features':[1,2,3],'label':'" + label + "'}")));

        assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_LABEL);
        assertThat(r.detail()).startsWith("label '" + "x".repeat(40) + "...'").hasSizeLessThan(120);
    }

    @Test
    void acceptsANewLabelWhenTheLabelSpaceAllowsNewLabels() {
        Validator growing = new Validator(1024, () -> new LabelSpace(3, List.of("0", "1", "2"), true));

        assertThat(valid(growing.labeled(json("{'features':[1,2,3],'label':'7'}"))).label()).isEqualTo("7");
    }

    @Test
    void readsTheCurrentLabelSpaceForEveryRecord() {
        AtomicReference<LabelSpace> space = new AtomicReference<>(DIGITS_0_TO_2);
        Validator v = new Validator(1024, space::get);
        byte[] fourFeaturesLabelThree = json("{'features':[1,2,3,4],'label':'3'}");
        assertThat(rejection(v.labeled(fourFeaturesLabelThree)).reason()).isEqualTo(RejectReason.WRONG_FEATURE_COUNT);

        space.set(new LabelSpace(4, List.of("0", "1", "2", "3"), false));

        assertThat(valid(v.labeled(fourFeaturesLabelThree)).label()).isEqualTo("3");
    }

    @Test
    void rejectsRecordLargerThanTheLimit() {
        Validator small = new Validator(64, () -> DIGITS_0_TO_2);
        String exact = "{'features':[1,2,3],'label':'1','pad':'" + "p".repeat(64 - 41) + "'}";
        assertThat(json(exact)).hasSize(64);

        assertThat(valid(small.labeled(json(exact))).label()).isEqualTo("1");
        assertRejected(small.labeled(json(exact.replace("'pad':'", "'pad':'p"))), RejectReason.OVERSIZE,
                "record is 65 bytes, limit is 64 (record.max.bytes)");
        assertRejected(small.request(new byte[100_000]), RejectReason.OVERSIZE,
                "record is 100000 bytes, limit is 64 (record.max.bytes)");
    }

    @Test
    void rejectsRecordWithoutAValue() {
        assertRejected(validator.labeled(null), RejectReason.EMPTY_RECORD, "record has no value");
        assertRejected(validator.labeled(new byte[0]), RejectReason.EMPTY_RECORD, "record has no value");
        assertRejected(validator.request(null), RejectReason.EMPTY_RECORD, "record has no value");
        assertRejected(validator.request(new byte[0]), RejectReason.EMPTY_RECORD, "record has no value");
    }

    @Test
    void rejectsRecordOfOnlyWhitespaceAsEmpty() {
        assertRejected(validator.labeled(json(" \n\t ")), RejectReason.EMPTY_RECORD, "record has no value (only whitespace)");
    }

    @Test
    void reportsTheFeatureProblemBeforeTheLabelProblem() {
        assertThat(rejection(validator.labeled(json("{'features':[1,2],'label':'9'}"))).reason())
                .isEqualTo(RejectReason.WRONG_FEATURE_COUNT);
    }

    @Test
    void reasonLabelsAreLowerCaseNames() {
        assertThat(RejectReason.NON_FINITE_VALUE.label()).isEqualTo("non_finite_value");
    }
}
