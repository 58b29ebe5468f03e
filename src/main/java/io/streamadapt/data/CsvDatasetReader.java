package io.streamadapt.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a data set from CSV: one example per record, {@code f1,...,fd,label}, parsed with Jackson's CSV module.
 *
 * <p>What spreadsheets and data frame libraries export works:
 * <ul>
 *   <li>comma-separated, UTF-8, RFC 4180 quoting: a field in double quotes may hold commas, line breaks and
 *       doubled quotes, so a label such as {@code "Smith, J."} survives; whitespace around fields is ignored;
 *   <li>every field but the last is a finite number (anything {@link Float#parseFloat} accepts
 *       except NaN and infinities); the last field is the class label, any non-empty text;
 *   <li>an optional header line (column names), recognised by its first field not being a number, with as many
 *       fields as the rows;
 *   <li>blank lines are skipped; files may be gzipped (detected from the content).
 * </ul>
 *
 * <p>Unless a class list is given, it is the distinct labels sorted numerically when all are
 * integers (so {@code 2} comes before {@code 10}) and lexicographically otherwise.
 *
 * <p>Malformed input fails with an {@link IllegalArgumentException} naming the source and the
 * 1-based line number, for example {@code "data.csv line 7: expected 65 fields (64 features and a
 * label) but found 63"}. Read failures of the underlying file are {@link IOException}s.
 *
 * <p>Its length is the list of errors a user gets with a line number; each check is a few lines.
 */
public final class CsvDatasetReader {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");

    /**
     * RFC 4180 records; without a schema each comes as an array of text fields. Double quotes around a field allow
     * commas, doubled quotes and line breaks in it; spaces around unquoted fields are dropped.
     */
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    /** Integer labels by value; ties (such as {@code 1} and {@code 01}) by text, to stay total. */
    private static final Comparator<String> NUMERIC_ORDER =
            Comparator.<String, BigInteger>comparing(BigInteger::new).thenComparing(Comparator.naturalOrder());

    private CsvDatasetReader() {
    }

    /**
     * Reads a file, naming the data set after the file without its {@code .gz} and {@code .csv}
     * suffixes and inferring the class list from the labels.
     */
    public static Dataset read(Path path) throws IOException {
        Rows rows = parse(path);
        return rows.toDataset(nameOf(path), sortedClasses(rows.labelSet()));
    }

    /**
     * Reads a file against a fixed class list, so that data sets missing some classes still share
     * one label encoding; a label outside the list fails with its line number.
     */
    public static Dataset read(Path path, List<String> classes) throws IOException {
        return parse(path).toDataset(nameOf(path), classes);
    }

    /** Reads CSV text, inferring the class list from the labels. The reader is not closed. */
    public static Dataset read(String name, Reader reader) throws IOException {
        Rows rows = parse(reader, name);
        return rows.toDataset(name, sortedClasses(rows.labelSet()));
    }

    /** Reads CSV text against a fixed class list. The reader is not closed. */
    public static Dataset read(String name, Reader reader, List<String> classes) throws IOException {
        return parse(reader, name).toDataset(name, classes);
    }

    /**
     * Orders labels the way the readers build class lists: numerically when every label is an
     * integer, lexicographically otherwise. Duplicates are dropped.
     */
    public static List<String> sortedClasses(Collection<String> labels) {
        boolean allIntegers = labels.stream().allMatch(label -> INTEGER.matcher(label).matches());
        TreeSet<String> sorted = new TreeSet<>(allIntegers ? NUMERIC_ORDER : Comparator.naturalOrder());
        sorted.addAll(labels);
        return List.copyOf(sorted);
    }

    static Rows parse(Path path) throws IOException {
        try (InputStream in = DataStreams.openPath(path)) {
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), path.getFileName().toString());
        }
    }

    static Rows parse(Reader reader, String source) throws IOException {
        List<float[]> features = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        int fieldCount = -1;
        int headerFieldCount = -1;
        int headerLine = -1;
        try (JsonParser rows = CSV.createParser(withoutByteOrderMark(reader))) {
            for (Row row = nextRow(rows, source); row != null; row = nextRow(rows, source)) {
                List<String> fields = row.fields();
                int lineNumber = row.line();
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                boolean firstContentLine = fieldCount < 0 && headerLine < 0;
                if (firstContentLine && !isNumber(fields.get(0))) {
                    headerLine = lineNumber;
                    headerFieldCount = fields.size();
                    continue;
                }
                if (fieldCount < 0) {
                    fieldCount = fields.size();
                    if (fieldCount < 2) {
                        throw error(source, lineNumber, "expected at least one feature and a label but found "
                                + fieldCount + " field");
                    }
                    if (headerFieldCount >= 0 && headerFieldCount != fieldCount) {
                        throw error(source, headerLine, "header has " + headerFieldCount
                                + " fields but the first row has " + fieldCount);
                    }
                } else if (fields.size() != fieldCount) {
                    throw error(source, lineNumber, "expected " + fieldCount + " fields (" + (fieldCount - 1)
                            + " features and a label) but found " + fields.size());
                }
                float[] values = new float[fieldCount - 1];
                for (int j = 0; j < values.length; j++) {
                    values[j] = parseFeature(fields.get(j).strip(), source, lineNumber, j + 1);
                }
                String label = fields.get(fieldCount - 1).strip();
                if (label.isEmpty()) {
                    throw error(source, lineNumber, "label (field " + fieldCount + ") is empty");
                }
                features.add(values);
                labels.add(label);
                lineNumbers.add(lineNumber);
            }
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException(source + ": no data rows");
        }
        return new Rows(features.toArray(new float[0][]), labels.toArray(new String[0]),
                lineNumbers.stream().mapToInt(Integer::intValue).toArray(), source);
    }

    /** One CSV record: its fields (quotes removed) and the 1-based line it starts on. */
    private record Row(List<String> fields, int line) {
    }

    /** The next record, or null at the end; a CSV syntax error (an unclosed quote) names its line. */
    private static Row nextRow(JsonParser parser, String source) throws IOException {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            // the record's own start token carries the previous record's position; its first field's is right
            int line = -1;
            List<String> fields = new ArrayList<>();
            for (token = parser.nextToken(); token != null && token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (fields.isEmpty()) {
                    line = parser.currentTokenLocation().getLineNr();
                }
                fields.add(parser.getText());
            }
            return new Row(fields, line);
        } catch (StreamReadException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw error(source, line, "not valid CSV: " + e.getOriginalMessage());
        }
    }

    /** Spreadsheet exports often start with a UTF-8 byte order mark, which is no part of the first field. */
    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        int first = in.read();
        if (first >= 0 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }

    private static float parseFeature(String field, String source, int line, int column) {
        float value;
        try {
            value = Float.parseFloat(field);
        } catch (NumberFormatException e) {
            throw error(source, line, "feature " + column + " is not a number: '" + field + "'");
        }
        if (Float.isNaN(value)) {
            throw error(source, line, "feature " + column + " is NaN");
        }
        if (Float.isInfinite(value)) {
            throw error(source, line, "feature " + column + " is infinite or outside float range: '"
                    + field + "'");
        }
        return value;
    }

    private static boolean isNumber(String field) {
        try {
            Float.parseFloat(field.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static IllegalArgumentException error(String source, int line, String message) {
        return new IllegalArgumentException(source + " line " + line + ": " + message);
    }

    static String nameOf(Path path) {
        String name = path.getFileName().toString();
        for (String suffix : List.of(".gz", ".csv")) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                name = name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** Parsed rows whose labels are still text, so several files can agree on one class list first. */
    record Rows(float[][] features, String[] labels, int[] lineNumbers, String source) {

        Collection<String> labelSet() {
            return new TreeSet<>(List.of(labels));
        }

        Dataset toDataset(String name, List<String> classes) {
            Objects.requireNonNull(classes, "classes");
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < classes.size(); k++) {
                index.put(classes.get(k), k);
            }
            int[] encoded = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                Integer k = index.get(labels[i]);
                if (k == null) {
                    throw error(source, lineNumbers[i], "label '" + labels[i] + "' is not one of " + classes);
                }
                encoded[i] = k;
            }
            return new Dataset(name, classes, features, encoded);
        }
    }
}
