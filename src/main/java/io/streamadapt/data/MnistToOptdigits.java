package io.streamadapt.data;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Maps 28x28 MNIST images into optdigits' 64-feature space by repeating optdigits' own
 * preprocessing.
 *
 * <p>Optdigits was made from 32x32 normalised binary bitmaps divided into non-overlapping 4x4
 * blocks, with each feature the number of set pixels in one block (0..16). {@link #map} does the
 * same to an MNIST image: the digit is scaled to fill the canvas (keeping its aspect ratio),
 * binarised, and counted in blocks, row by row (feature {@code 8 * blockRow + blockColumn}), the
 * order optdigits uses. {@link #mapPadded} is the older mapping that leaves the digit at MNIST's
 * 20x20 size in the middle of the canvas; the {@code digits-padded} scenario keeps it as a case
 * where the source model barely transfers.
 */
public final class MnistToOptdigits {

    /** Side of an MNIST image. */
    public static final int IMAGE_SIDE = 28;
    /** Side of the optdigits bitmap the image is placed on. */
    public static final int CANVAS_SIDE = 32;
    /** Blank pixels added on each side to go from {@link #IMAGE_SIDE} to {@link #CANVAS_SIDE}. */
    public static final int PADDING = (CANVAS_SIDE - IMAGE_SIDE) / 2;
    /** Side of a counting block. */
    public static final int BLOCK_SIDE = 4;
    /** Blocks per canvas side. */
    public static final int BLOCKS_PER_SIDE = CANVAS_SIDE / BLOCK_SIDE;
    /** Number of output features, {@code 8 * 8}. */
    public static final int FEATURES = BLOCKS_PER_SIDE * BLOCKS_PER_SIDE;
    /** Intensity at or above which a pixel counts as set in {@link #mapPadded}. */
    public static final float THRESHOLD = 0.5f;
    /**
     * Intensity at or above which a pixel counts as ink in {@link #map}. Chosen so that mapped MNIST
     * digits carry as much ink as optdigits' (mean block count 5.0 against 4.9; at 0.5 it is 4.1):
     * optdigits' scans have thicker strokes than MNIST's anti-aliased ones.
     */
    public static final float INK_THRESHOLD = 0.3f;

    private MnistToOptdigits() {
    }

    /**
     * Maps one image the way optdigits was made: the digit's bounding box (pixels at or above
     * {@value #INK_THRESHOLD}) is scaled, keeping its aspect ratio, until its longer side fills the
     * 32x32 canvas, and centred; each canvas pixel samples the image bilinearly at its centre, is
     * binarised at the same threshold, and the set pixels are counted in 4x4 blocks. Optdigits' own
     * bitmaps were normalised this way (its ones are narrow, not stretched), so what is left between
     * the two domains is writers, pens and scanners.
     *
     * @param image 784 intensities in [0, 1], row-major, as {@link IdxReader} produces
     * @return 64 block counts 0..16 as floats, row-major over the 8x8 block grid
     */
    public static float[] map(float[] image) {
        checkSize(image);
        int top = IMAGE_SIDE, bottom = -1, left = IMAGE_SIDE, right = -1;
        for (int r = 0; r < IMAGE_SIDE; r++) {
            for (int c = 0; c < IMAGE_SIDE; c++) {
                if (image[r * IMAGE_SIDE + c] >= INK_THRESHOLD) {
                    top = Math.min(top, r);
                    bottom = Math.max(bottom, r);
                    left = Math.min(left, c);
                    right = Math.max(right, c);
                }
            }
        }
        float[] counts = new float[FEATURES];
        if (bottom < 0) {
            return counts;
        }
        double height = bottom - top + 1;
        double width = right - left + 1;
        double pixelsPerCanvasPixel = Math.max(height, width) / CANVAS_SIDE;
        double offsetY = (CANVAS_SIDE - height / pixelsPerCanvasPixel) / 2;
        double offsetX = (CANVAS_SIDE - width / pixelsPerCanvasPixel) / 2;
        for (int y = 0; y < CANVAS_SIDE; y++) {
            double cy = y + 0.5;
            if (cy < offsetY || cy > CANVAS_SIDE - offsetY) {
                continue;
            }
            double r = top - 0.5 + (cy - offsetY) * pixelsPerCanvasPixel;
            for (int x = 0; x < CANVAS_SIDE; x++) {
                double cx = x + 0.5;
                if (cx < offsetX || cx > CANVAS_SIDE - offsetX) {
                    continue;
                }
                double c = left - 0.5 + (cx - offsetX) * pixelsPerCanvasPixel;
                if (bilinear(image, r, c) >= INK_THRESHOLD) {
                    counts[(y / BLOCK_SIDE) * BLOCKS_PER_SIDE + x / BLOCK_SIDE]++;
                }
            }
        }
        return counts;
    }

    /**
     * The earlier mapping, kept as the {@code digits-padded} scenario: the 28x28 image is placed
     * unscaled in the middle of the 32x32 canvas, so mapped digits stay at MNIST's 20x20 size and
     * the source model barely transfers (a near-from-scratch case).
     */
    public static float[] mapPadded(float[] image) {
        checkSize(image);
        float[] counts = new float[FEATURES];
        // Walking the image pixels and shifting by the padding is the same as walking the padded
        // canvas: the padding is blank, so it never adds to a count.
        for (int r = 0; r < IMAGE_SIDE; r++) {
            int blockRow = (r + PADDING) / BLOCK_SIDE;
            for (int c = 0; c < IMAGE_SIDE; c++) {
                if (image[r * IMAGE_SIDE + c] >= THRESHOLD) {
                    counts[blockRow * BLOCKS_PER_SIDE + (c + PADDING) / BLOCK_SIDE]++;
                }
            }
        }
        return counts;
    }

    private static void checkSize(float[] image) {
        Objects.requireNonNull(image, "image");
        if (image.length != IMAGE_SIDE * IMAGE_SIDE) {
            throw new IllegalArgumentException("expected a " + IMAGE_SIDE + "x" + IMAGE_SIDE + " image of "
                    + IMAGE_SIDE * IMAGE_SIDE + " pixels but got " + image.length);
        }
    }

    /** Intensity at a fractional pixel position; outside the image is blank. */
    private static double bilinear(float[] image, double r, double c) {
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(c);
        double fr = r - r0;
        double fc = c - c0;
        return (1 - fr) * ((1 - fc) * pixel(image, r0, c0) + fc * pixel(image, r0, c0 + 1))
                + fr * ((1 - fc) * pixel(image, r0 + 1, c0) + fc * pixel(image, r0 + 1, c0 + 1));
    }

    private static float pixel(float[] image, int r, int c) {
        if (r < 0 || c < 0 || r >= IMAGE_SIDE || c >= IMAGE_SIDE) {
            return 0f;
        }
        return image[r * IMAGE_SIDE + c];
    }

    /**
     * Maps every image of an MNIST data set, keeping labels and classes.
     *
     * @param name name of the mapped data set
     */
    public static Dataset map(Dataset mnist, String name) {
        return map(mnist, name, MnistToOptdigits::map);
    }

    /** Maps every image with the given per-image mapping, keeping labels and classes. */
    public static Dataset map(Dataset mnist, String name, UnaryOperator<float[]> mapping) {
        float[][] images = mnist.features();
        float[][] mapped = new float[images.length][];
        for (int i = 0; i < images.length; i++) {
            mapped[i] = mapping.apply(images[i]);
        }
        return new Dataset(name, mnist.classes(), mapped, mnist.labels());
    }
}
