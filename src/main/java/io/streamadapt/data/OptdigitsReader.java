package io.streamadapt.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the UCI optdigits table shipped at {@value #RESOURCE}.
 *
 * <p>Each of the 1,797 rows is an 8x8 grid, row by row, of counts 0..16, then the digit. The
 * counts are the number of set pixels in each 4x4 block of a 32x32 binary bitmap (see
 * {@link MnistToOptdigits} for the same preprocessing applied to MNIST). They are kept as they
 * are, as floats 0..16, rather than scaled, so that a row reads like the original data; models
 * normalise their inputs themselves.
 */
public final class OptdigitsReader {

    /** Classpath location of the gzipped CSV (64 features, then the label, no header). */
    public static final String RESOURCE = "/datasets/optdigits/optdigits.csv.gz";

    /** The digits, in label order. */
    public static final List<String> CLASSES =
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Number of features: one per 4x4 block of a 32x32 bitmap. */
    public static final int FEATURES = 64;

    /** Largest feature value: a fully set 4x4 block. */
    public static final int MAX_COUNT = 16;

    private OptdigitsReader() {
    }

    /**
     * Reads the shipped table as a data set named {@code optdigits}, in file order.
     *
     * @throws IOException when the resource is missing or unreadable
     * @throws IllegalArgumentException when a row does not have 64 counts in 0..16 and a digit
     */
    public static Dataset read() throws IOException {
        Dataset dataset;
        try (InputStream in = DataStreams.openResource(RESOURCE)) {
            dataset = CsvDatasetReader.read("optdigits", new InputStreamReader(in, StandardCharsets.UTF_8),
                    CLASSES);
        }
        // Check the domain here, so that a wrong file fails loudly instead of as a silently bad scenario.
        if (dataset.featureCount() != FEATURES) {
            throw new IllegalArgumentException(RESOURCE + ": expected " + FEATURES + " features but found "
                    + dataset.featureCount());
        }
        float[][] features = dataset.features();
        for (int i = 0; i < features.length; i++) {
            for (float value : features[i]) {
                if (value < 0 || value > MAX_COUNT || value != Math.rint(value)) {
                    throw new IllegalArgumentException(RESOURCE + ": row " + (i + 1)
                            + " has a value outside the whole numbers 0.." + MAX_COUNT + ": " + value);
                }
            }
        }
        return dataset;
    }
}
