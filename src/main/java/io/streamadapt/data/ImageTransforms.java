package io.streamadapt.data;

/**
 * Pixel-level transformations used to build shifted target domains. Images are square, flattened
 * row by row, with intensities in [0, 1].
 */
final class ImageTransforms {

    private ImageTransforms() {
    }

    /** Photographic negative: {@code 1 - x} for every pixel. */
    static float[] invert(float[] image) {
        float[] inverted = new float[image.length];
        for (int p = 0; p < image.length; p++) {
            inverted[p] = 1f - image[p];
        }
        return inverted;
    }

    /**
     * Rotates a square image about its centre with bilinear interpolation.
     *
     * <p>Positive angles turn the picture counter-clockwise as displayed (rows growing downwards).
     * Each output pixel samples the input at the inversely rotated position; neighbours that fall
     * outside the input read as {@code fill}, which should be the background intensity so that
     * the corners uncovered by the rotation blend in instead of forming a frame.
     *
     * @param side side of the square image
     */
    static float[] rotate(float[] image, int side, double degrees, float fill) {
        if (image.length != side * side) {
            throw new IllegalArgumentException("expected " + side * side + " pixels but got " + image.length);
        }
        double radians = Math.toRadians(degrees);
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        double centre = (side - 1) / 2.0;
        float[] rotated = new float[image.length];
        for (int r = 0; r < side; r++) {
            double dy = r - centre;
            for (int c = 0; c < side; c++) {
                double dx = c - centre;
                double sourceX = cos * dx - sin * dy + centre;
                double sourceY = sin * dx + cos * dy + centre;
                rotated[r * side + c] = sample(image, side, sourceX, sourceY, fill);
            }
        }
        return rotated;
    }

    private static float sample(float[] image, int side, double x, double y, float fill) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double top = (1 - fx) * pixel(image, side, y0, x0, fill) + fx * pixel(image, side, y0, x0 + 1, fill);
        double bottom = (1 - fx) * pixel(image, side, y0 + 1, x0, fill)
                + fx * pixel(image, side, y0 + 1, x0 + 1, fill);
        double value = (1 - fy) * top + fy * bottom;
        // Rounding can step a hair outside [0, 1]; downstream validation expects the exact range.
        return (float) Math.min(1.0, Math.max(0.0, value));
    }

    private static float pixel(float[] image, int side, int row, int column, float fill) {
        if (row < 0 || row >= side || column < 0 || column >= side) {
            return fill;
        }
        return image[row * side + column];
    }
}
