package io.streamadapt.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads IDX files, the format MNIST and Fashion-MNIST are distributed in, plain or gzipped.
 *
 * <p>An IDX file is a big-endian header followed by unsigned bytes. Only the two layouts those
 * data sets use are supported: image files (magic {@code 0x00000803}: count, rows, columns, then
 * {@code count * rows * columns} pixels) and label files (magic {@code 0x00000801}: count, then
 * {@code count} labels). Pixels are scaled from 0..255 to [0, 1] and each image is flattened row by
 * row, so pixel {@code (r, c)} is at index {@code r * columns + c}.
 *
 * <p>Compression is detected from the content, not the file name. Resource names are absolute
 * classpath names such as {@code /datasets/mnist/mnist-10k-images-idx3-ubyte.gz}.
 */
public final class IdxReader {

    /** Magic number of an unsigned-byte, three-dimensional (images) IDX file. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, one-dimensional (labels) IDX file. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final float[] SCALED = new float[256];

    static {
        for (int v = 0; v < SCALED.length; v++) {
            SCALED[v] = v / 255f;
        }
    }

    private IdxReader() {
    }

    /**
     * Reads an image file and a label file into one data set.
     *
     * @param classes class names; every label byte must be a valid index into this list
     * @throws IOException when a file is missing, malformed or truncated, or the counts differ
     */
    public static Dataset read(String name, List<String> classes, Path images, Path labels)
            throws IOException {
        float[][] pixels;
        try (InputStream in = DataStreams.openPath(images)) {
            pixels = readImages(in);
        }
        int[] labelValues;
        try (InputStream in = DataStreams.openPath(labels)) {
            labelValues = readLabels(in);
        }
        return combine(name, classes, pixels, labelValues, images + " and " + labels);
    }

    /**
     * Reads an image resource and a label resource from the classpath into one data set.
     *
     * @param classes class names; every label byte must be a valid index into this list
     * @throws IOException when a resource is missing, malformed or truncated, or the counts differ
     */
    public static Dataset readResources(String name, List<String> classes, String imagesResource,
            String labelsResource) throws IOException {
        return combine(name, classes, readImages(imagesResource), readLabels(labelsResource),
                imagesResource + " and " + labelsResource);
    }

    private static Dataset combine(String name, List<String> classes, float[][] pixels,
            int[] labels, String origin) throws IOException {
        if (pixels.length != labels.length) {
            throw new IOException(origin + ": " + pixels.length + " images but " + labels.length
                    + " labels");
        }
        return new Dataset(name, classes, pixels, labels);
    }

    /** Reads the images of an image resource on the classpath; see {@link #readImages(InputStream)}. */
    public static float[][] readImages(String resource) throws IOException {
        try (InputStream in = DataStreams.openResource(resource)) {
            return readImages(in);
        }
    }

    /** Reads the images of an image file; see {@link #readImages(InputStream)}. */
    public static float[][] readImages(Path path) throws IOException {
        try (InputStream in = DataStreams.openPath(path)) {
            return readImages(in);
        }
    }

    /**
     * Reads an image file from a stream, which is gunzipped if needed and not closed.
     *
     * @return one flattened, row-major image per row, pixels in [0, 1]
     * @throws IOException when the magic number is wrong, a dimension is negative or the data
     *                     ends early
     */
    public static float[][] readImages(InputStream stream) throws IOException {
        DataInputStream in = open(stream, IMAGES_MAGIC, "image");
        int count = readDimension(in, "image count");
        int rows = readDimension(in, "row count");
        int columns = readDimension(in, "column count");
        int pixelsPerImage = Math.multiplyExact(rows, columns);
        // Allocate as the pixels arrive: a corrupt header announcing billions of images should end
        // in a truncation error, not an OutOfMemoryError.
        List<float[]> images = new ArrayList<>(Math.min(count, 1 << 16));
        byte[] raw = new byte[pixelsPerImage];
        for (int i = 0; i < count; i++) {
            readFully(in, raw, "image " + i + " of " + count);
            float[] image = new float[pixelsPerImage];
            for (int p = 0; p < pixelsPerImage; p++) {
                image[p] = SCALED[raw[p] & 0xff];
            }
            images.add(image);
        }
        return images.toArray(new float[0][]);
    }

    /** Reads the labels of a label resource on the classpath; see {@link #readLabels(InputStream)}. */
    public static int[] readLabels(String resource) throws IOException {
        try (InputStream in = DataStreams.openResource(resource)) {
            return readLabels(in);
        }
    }

    /** Reads the labels of a label file; see {@link #readLabels(InputStream)}. */
    public static int[] readLabels(Path path) throws IOException {
        try (InputStream in = DataStreams.openPath(path)) {
            return readLabels(in);
        }
    }

    /** Gunzips the stream if needed and checks the magic number of an IDX {@code kind} file. */
    private static DataInputStream open(InputStream stream, int magicNumber, String kind) throws IOException {
        DataInputStream in = new DataInputStream(DataStreams.decompressIfGzipped(stream));
        int magic = readInt(in, "magic number");
        if (magic != magicNumber) {
            throw new IOException(String.format(
                    "not an IDX %s file: magic number 0x%08x, expected 0x%08x", kind, magic, magicNumber));
        }
        return in;
    }

    /**
     * Reads a label file from a stream, which is gunzipped if needed and not closed.
     *
     * @return the labels as unsigned values 0..255
     * @throws IOException when the magic number is wrong or the data ends early
     */
    public static int[] readLabels(InputStream stream) throws IOException {
        DataInputStream in = open(stream, LABELS_MAGIC, "label");
        int count = readDimension(in, "label count");
        // readNBytes grows its buffer as data arrives, for the same reason as in readImages.
        byte[] raw = in.readNBytes(count);
        if (raw.length < count) {
            throw new EOFException("IDX data ends after " + raw.length + " of " + count + " labels");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = raw[i] & 0xff;
        }
        return labels;
    }

    private static int readDimension(DataInputStream in, String what) throws IOException {
        int value = readInt(in, what);
        // The header stores unsigned 32-bit sizes; anything past int range cannot fit an array anyway.
        if (value < 0) {
            throw new IOException("IDX " + what + " is out of range: " + Integer.toUnsignedString(value));
        }
        return value;
    }

    private static int readInt(DataInputStream in, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw truncated(what, e);
        }
    }

    private static void readFully(DataInputStream in, byte[] buffer, String what) throws IOException {
        try {
            in.readFully(buffer);
        } catch (EOFException e) {
            throw truncated(what, e);
        }
    }

    private static EOFException truncated(String what, EOFException cause) {
        EOFException e = new EOFException("IDX data ends before the " + what);
        e.initCause(cause);
        return e;
    }
}
