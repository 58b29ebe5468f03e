package io.streamadapt.replay;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Class priors written {@code class=share,...} ({@code --shift-priors}); the classes not named share the rest equally.
 * {@code 7=0.5} over ten digits gives sevens 0.5 and every other digit 0.5 / 9.
 */
public record ShiftSpec(String text, Map<String, Double> named) {

    public static ShiftSpec parse(String text) {
        Map<String, Double> named = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.lastIndexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("--shift-priors: '" + p + "' is not class=share (example: 7=0.5,1=0.2)");
            }
            double share;
            try {
                share = Double.parseDouble(p.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--shift-priors: share of '" + p + "' is not a number");
            }
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("--shift-priors: share of '" + p + "' must be in [0, 1]");
            }
            if (named.put(p.substring(0, eq).trim(), share) != null) {
                throw new IllegalArgumentException("--shift-priors: class '" + p.substring(0, eq).trim() + "' is named twice");
            }
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException("--shift-priors: no class=share given");
        }
        return new ShiftSpec(text, Map.copyOf(named));
    }

    /** The priors over {@code classes}, in their order. */
    public double[] priors(List<String> classes) {
        double sum = 0;
        for (Map.Entry<String, Double> e : named.entrySet()) {
            if (!classes.contains(e.getKey())) {
                throw new IllegalArgumentException("--shift-priors: unknown class '" + e.getKey() + "'; classes: " + classes);
            }
            sum += e.getValue();
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("--shift-priors: shares add up to " + sum + ", more than 1");
        }
        int rest = classes.size() - named.size();
        if (rest == 0 && Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("--shift-priors: every class is named, so the shares must add up to 1 (they add up to " + sum + ")");
        }
        double[] p = new double[classes.size()];
        Arrays.fill(p, rest == 0 ? 0 : (1 - sum) / rest);
        named.forEach((c, s) -> p[classes.indexOf(c)] = s);
        return p;
    }
}
