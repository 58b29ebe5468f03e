package io.streamadapt.model;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An operator action on its way to the trainer: a control record on the training topic (null value, the command in
 * headers). The single trainer task applies commands in topic order between labelled events, so it is the only writer
 * of version numbers and concurrent rollbacks, pins and fine-tunes cannot collide.
 *
 * @param kind    what to do
 * @param version the version it applies to (-1 for unpin)
 * @param id      unique id, recorded in the version a rollback creates so the caller can find it
 */
public record OperatorCommand(Kind kind, long version, String id) {
    /** Record key of every command. */
    public static final String KEY = "command";
    static final String KIND = "streamadapt.command";
    static final String VERSION = "streamadapt.command.version";
    static final String ID = "streamadapt.command.id";

    /** The operator actions. */
    public enum Kind { PIN, UNPIN, ROLLBACK }

    public Headers toHeaders() {
        return new RecordHeaders()
                .add(KIND, bytes(kind.name()))
                .add(VERSION, bytes(Long.toString(version)))
                .add(ID, bytes(id));
    }

    /** Whether a record on the training topic is a command (whether or not it is a valid one). */
    public static boolean isCommand(Headers headers) {
        return headers.lastHeader(KIND) != null;
    }

    /** The command in a record's headers; empty when a header is missing or malformed. */
    public static Optional<OperatorCommand> from(Headers headers) {
        try {
            return Optional.of(new OperatorCommand(Kind.valueOf(text(headers, KIND)), Long.parseLong(text(headers, VERSION)), text(headers, ID)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        if (h == null || h.value() == null) {
            throw new IllegalArgumentException("missing header " + name);
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
