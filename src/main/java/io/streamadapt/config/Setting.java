package io.streamadapt.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One documented configuration key with its type, default and constraint.
 *
 * @param key      dotted key, as written in a properties file
 * @param type     short type name shown in the documentation
 * @param fallback default value, as text
 * @param doc      one-line description
 * @param parser   turns the text into a typed value or throws {@link IllegalArgumentException} with the reason
 */
public record Setting<T>(String key, String type, String fallback, String doc, Function<String, T> parser) {

    /** The environment variable that overrides this key, e.g. {@code batch.max.wait} to {@code STREAMADAPT_BATCH_MAX_WAIT}. */
    public String envName() {
        return envNameOf(key);
    }

    static String envNameOf(String key) {
        return "STREAMADAPT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    T parse(String raw) {
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(key, "'" + raw + "' " + (e.getMessage() == null ? "is not valid" : e.getMessage()));
        }
    }

    static Setting<String> text(String key, String fallback, String doc) {
        return new Setting<>(key, "string", fallback, doc, s -> s);
    }

    static Setting<String> nonBlank(String key, String fallback, String doc) {
        return new Setting<>(key, "string", fallback, doc, s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return s;
        });
    }

    static Setting<Integer> integer(String key, int fallback, int min, int max, String doc) {
        return bounded(key, "int", Integer.toString(fallback), doc, Integer::parseInt, "is not an integer",
                v -> v >= min && v <= max, min, max);
    }

    static Setting<Double> decimal(String key, double fallback, double min, double max, String doc) {
        // written so that NaN is out of range
        return bounded(key, "double", Double.toString(fallback), doc, Double::parseDouble, "is not a number",
                v -> v >= min && v <= max, min, max);
    }

    private static <T> Setting<T> bounded(String key, String type, String fallback, String doc, Function<String, T> parse,
                                          String notANumber, Predicate<T> inRange, Object min, Object max) {
        return new Setting<>(key, type, fallback, doc, s -> {
            T v;
            try {
                v = parse.apply(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(notANumber);
            }
            if (!inRange.test(v)) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return v;
        });
    }

    static Setting<Boolean> bool(String key, boolean fallback, String doc) {
        return new Setting<>(key, "boolean", Boolean.toString(fallback), doc, s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    static Setting<Duration> duration(String key, String fallback, String doc) {
        return new Setting<>(key, "duration", fallback, doc, Setting::parseDuration);
    }

    /** A size in bytes: {@code 512m}, {@code 1g}, {@code 64k} or plain bytes; at least {@code min} unless 0. */
    static Setting<Long> size(String key, String fallback, long min, String doc) {
        return new Setting<>(key, "size", fallback, doc, s -> {
            long v = parseSize(s);
            if (v != 0 && v < min) {
                throw new IllegalArgumentException("must be 0 or at least " + min / (1024 * 1024) + "m");
            }
            return v;
        });
    }

    /** Accepts {@code 512m}, {@code 1g}, {@code 64k} (powers of 1024, as the JVM's -Xmx) or plain bytes. */
    static long parseSize(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k")) {
            unit = 1L << 10;
        }
        else if (t.endsWith("m")) {
            unit = 1L << 20;
        }
        else if (t.endsWith("g")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(digits);
            if (v < 0) {
                throw new IllegalArgumentException("must not be negative");
            }
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is not a size (use e.g. 384m, 1g)");
        }
    }

    static Setting<String> oneOf(String key, String fallback, List<String> allowed, String doc) {
        return new Setting<>(key, String.join("|", allowed), fallback, doc, s -> {
            if (!allowed.contains(s)) {
                throw new IllegalArgumentException("must be one of " + allowed);
            }
            return s;
        });
    }

    /** Accepts {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}); must be positive. */
    static Duration parseDuration(String s) {
        Duration d;
        try {
            if (s.toUpperCase(Locale.ROOT).startsWith("PT")) {
                d = Duration.parse(s);
            } else if (s.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            } else if (s.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            } else {
                throw new IllegalArgumentException("is not a duration (use e.g. 500ms, 30s, 5m)");
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("is not a duration (use e.g. 500ms, 30s, 5m)");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be positive");
        }
        return d;
    }
}
