package io.streamadapt.adapt;

/**
 * Arg-max, accuracy and cross-entropy over rows of class probabilities: the one implementation the gate, the trainer,
 * serving and the evaluation metrics share.
 *
 * <p>A class index outside a row (a label the model does not know, or a class added after the row was scored) has
 * probability 0.
 */
public final class Probabilities {
    /**
     * Floor applied to the true-class probability in {@link #crossEntropy}, so one confident mistake costs
     * {@code -ln(1e-15) ≈ 34.54} instead of making a mean infinite.
     */
    public static final double MIN_PROBABILITY = 1e-15;

    private Probabilities() {
    }

    /**
     * Index of the largest probability; on ties the lowest index wins, so a prediction is deterministic and matches a
     * model's own arg-max over its ordered class list.
     *
     * @throws IllegalArgumentException when the row is empty
     */
    public static int argmax(double[] row) {
        if (row.length == 0) {
            throw new IllegalArgumentException("probabilities must not be empty");
        }
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    /** {@link #argmax(double[])} of each row. */
    public static int[] argmax(double[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = argmax(rows[i]);
        }
        return out;
    }

    /** {@code correct / total}, NaN when there is nothing to count. */
    public static double accuracy(int correct, int total) {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** The probability of class {@code k} in {@code row}; 0 for an index the row does not hold (including -1). */
    public static double probability(double[] row, int k) {
        return k >= 0 && k < row.length ? row[k] : 0.0;
    }

    /**
     * Mean cross-entropy (log loss) of the true class, {@code mean(-ln(max(p_true, 1e-15)))} in nats; NaN for no rows.
     *
     * @param truth index of each row's true class, -1 for a label the model does not know (probability 0)
     */
    public static double crossEntropy(int[] truth, double[][] probabilities) {
        if (truth.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum -= Math.log(Math.max(probability(probabilities[i], truth[i]), MIN_PROBABILITY));
        }
        return sum / truth.length;
    }
}
