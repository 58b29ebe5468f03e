package io.streamadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvDatasetReaderTest {

    @TempDir
    Path dir;

    private static Dataset read(String csv) throws IOException {
        return CsvDatasetReader.read("test.csv", new StringReader(csv));
    }

    @Test
    void readsRowsWithoutAHeader() throws IOException {
        Dataset dataset = read("1,2.5,cat\n-3,4e1,dog\n");

        assertThat(dataset.name()).isEqualTo("test.csv");
        assertThat(dataset.size()).isEqualTo(2);
        assertThat(dataset.featureCount()).isEqualTo(2);
        assertThat(dataset.features()[0]).containsExactly(1f, 2.5f);
        assertThat(dataset.features()[1]).containsExactly(-3f, 40f);
        assertThat(dataset.classes()).containsExactly("cat", "dog");
        assertThat(dataset.labelOf(1)).isEqualTo("dog");
    }

    @Test
    void skipsAHeaderLineWhoseFirstFieldIsNotANumber() throws IOException {
        Dataset dataset = read("width,height,label\r\n1,2,a\r\n\r\n3,4,b\r\n");

        assertThat(dataset.size()).isEqualTo(2);
        assertThat(dataset.features()[1]).containsExactly(3f, 4f);
    }

    @Test
    void ignoresWhitespaceAroundFieldsAndAByteOrderMark() throws IOException {
        Dataset dataset = read("\uFEFF 1 , 2 , a \n");

        assertThat(dataset.features()[0]).containsExactly(1f, 2f);
        assertThat(dataset.classes()).containsExactly("a");
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
        Dataset dataset = read("x,y,label\n\"1.5\",2,\"Smith, J.\"\n3,4,\"say \"\"hi\"\"\"\n5,6,\"two\nlines\"\n7,8,\"Smith, J.\"\n");

        assertThat(dataset.size()).isEqualTo(4);
        assertThat(dataset.features()[0]).containsExactly(1.5f, 2f);
        assertThat(dataset.classes()).containsExactly("Smith, J.", "say \"hi\"", "two\nlines");
        assertThat(dataset.labelOf(3)).isEqualTo("Smith, J.");
    }

    static Stream<Arguments> invalidInput() {
        return Stream.of(
                arguments("a quoted line break counts as a line", "1,2,\"a\nb\"\n3,x,c\n",
                        "test.csv line 3: feature 2 is not a number: 'x'"),
                arguments("a row with the wrong number of fields", "f1,f2,label\n1,2,a\n1,2,3,a\n",
                        "test.csv line 3: expected 3 fields (2 features and a label) but found 4"),
                arguments("a header that does not match the rows", "f1,label\n1,2,a\n",
                        "test.csv line 1: header has 2 fields but the first row has 3"),
                arguments("a non-numeric feature after an empty line", "1,2,a\n\n1,x,a\n",
                        "test.csv line 3: feature 2 is not a number: 'x'"),
                arguments("a missing feature", "1,2,a\n1,,a\n", "test.csv line 2: feature 2 is not a number: ''"),
                arguments("a NaN feature", "1,2,a\nNaN,2,a\n", "test.csv line 2: feature 1 is NaN"),
                arguments("an empty label", "1,2,a\n1,2, \n", "test.csv line 2: label (field 3) is empty"),
                arguments("a header without data rows", "a,b,label\n\n", "test.csv: no data rows"),
                arguments("no input at all", "", "test.csv: no data rows"));
    }

    @ParameterizedTest(name = "rejects {0}, naming the source and line")
    @MethodSource("invalidInput")
    void rejectsInvalidInputNamingTheSourceAndLine(String what, String csv, String message) {
        assertThatThrownBy(() -> read(csv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsAnUnclosedQuoteNamingTheSource() {
        assertThatThrownBy(() -> read("1,2,a\n3,4,\"b\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.csv line ")
                .hasMessageContaining("not valid CSV");
    }

    @Test
    void takesAFirstRowWithANumericFirstFieldForDataNotAHeader() throws IOException {
        assertThatThrownBy(() -> read("0.5,width,label\n")).hasMessage("test.csv line 1: feature 2 is not a number: 'width'");
        assertThat(read("width,0.5,label\n1,2,a\n").size()).isEqualTo(1);
    }

    @Test
    void sortsIntegerLabelsNumerically() throws IOException {
        Dataset dataset = read("0,10\n0,2\n0,1\n0,-1\n0,2\n");

        assertThat(dataset.classes()).containsExactly("-1", "1", "2", "10");
        assertThat(dataset.labels()).containsExactly(3, 2, 1, 0, 2);
    }

    @Test
    void sortsLabelsLexicographicallyWhenAnyIsNotAnInteger() throws IOException {
        Dataset dataset = read("0,10\n0,2\n0,b\n0,B\n");

        assertThat(dataset.classes()).containsExactly("10", "2", "B", "b");
    }

    @Test
    void rejectsInfiniteAndOverflowingFeatures() {
        assertThatThrownBy(() -> read("1,Infinity,a\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.csv line 1: feature 2 is infinite");
        assertThatThrownBy(() -> read("1,1e99,a\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.csv line 1: feature 2 is infinite");
    }

    @Test
    void rejectsRowsWithoutFeatures() {
        assertThatThrownBy(() -> read("1\n2\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1: expected at least one feature and a label");
    }

    @Test
    void encodesLabelsAgainstAGivenClassListAndRejectsUnknownOnes() throws IOException {
        Dataset dataset = CsvDatasetReader.read("fixed", new StringReader("1,b\n2,b\n"), List.of("a", "b", "c"));

        assertThat(dataset.classes()).containsExactly("a", "b", "c");
        assertThat(dataset.labels()).containsExactly(1, 1);
        assertThatThrownBy(() -> CsvDatasetReader.read("fixed", new StringReader("1,b\n2,z\n"), List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fixed line 2: label 'z' is not one of [a, b]");
    }

    @Test
    void readsGzippedFilesAndNamesTheDataSetAfterTheFile() throws IOException {
        Path file = dir.resolve("points.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("x,y,label\n0.5,1,1\n".getBytes(StandardCharsets.UTF_8));
        }

        Dataset dataset = CsvDatasetReader.read(file);

        assertThat(dataset.name()).isEqualTo("points");
        assertThat(dataset.features()[0]).containsExactly(0.5f, 1f);
        assertThat(dataset.classes()).containsExactly("1");
    }
}
