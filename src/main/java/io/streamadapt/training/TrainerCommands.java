package io.streamadapt.training;

import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.TrainerMemory;
import io.streamadapt.contract.Json;
import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.model.ModelRegistry;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.OperatorCommand;
import io.streamadapt.model.ServedModel;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator commands and version bookkeeping inside the single trainer task, the only writer of the models topic:
 * applies pin, unpin and rollback commands that arrive on the training topic, numbers every new version, and retires
 * old versions with tombstones (keeping the newest {@code keep}, version 0 and the pinned one) so the compacted topic
 * and every instance's start-up stay bounded. Everything it writes goes out in the task's transaction, together with
 * the store update that records the new version, so a crash can neither lose nor repeat a number.
 */
final class TrainerCommands {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerCommands.class);

    private final VersionCatalog catalog;
    private final ModelCodec codec;
    private final int keep;
    /** Tombstones sent but maybe not yet read back by the registry. */
    private final Set<Long> retired = new HashSet<>();

    TrainerCommands(VersionCatalog catalog, ModelCodec codec, int keep) {
        this.catalog = catalog;
        this.codec = codec;
        this.keep = keep;
    }

    static boolean isCommand(Record<String, LabeledEvent> record) {
        return OperatorCommand.isCommand(record.headers());
    }

    /** The number of the next version: one more than any the trainer assigned or the topic holds. */
    long nextVersion(ServedModel current, TrainerMemory memory) {
        long newest = catalog.numbers().isEmpty() ? 0 : catalog.numbers().get(catalog.numbers().size() - 1);
        return Math.max(Math.max(current.version(), memory.currentVersion()), newest) + 1;
    }

    /**
     * Applies one command record; returns the model training continues from when it changed (a rollback). A command
     * that cannot be applied (unknown version, malformed headers) is logged and skipped: it must not stop training.
     */
    Optional<ServedModel> apply(Record<String, LabeledEvent> record, ServedModel current, TrainerMemory memory,
                                ProcessorContext<String, byte[]> context) {
        Optional<OperatorCommand> parsed = OperatorCommand.from(record.headers());
        if (parsed.isEmpty()) {
            LOG.warn("Skipping a malformed operator command at training offset {}", offset(context));
            return Optional.empty();
        }
        OperatorCommand c = parsed.get();
        if (c.kind() == OperatorCommand.Kind.UNPIN) {
            context.forward(new Record<>(ModelRegistry.PIN_KEY, null, record.timestamp()));
            LOG.info("Operator command {}: unpin", c.id());
            return Optional.empty();
        }
        Optional<ModelVersion> target = catalog.version(c.version());
        if (target.isEmpty()) {
            LOG.warn("Skipping operator command {} ({} to version {}): no such version", c.id(), c.kind(), c.version());
            return Optional.empty();
        }
        if (c.kind() == OperatorCommand.Kind.PIN) {
            context.forward(new Record<>(ModelRegistry.PIN_KEY, Long.toString(c.version()).getBytes(StandardCharsets.UTF_8), record.timestamp()));
            LOG.info("Operator command {}: pin version {}", c.id(), c.version());
            return Optional.empty();
        }
        return Optional.of(rollback(c, target.get(), current, memory, context, record.timestamp()));
    }

    private ServedModel rollback(OperatorCommand c, ModelVersion old, ServedModel current, TrainerMemory memory,
                                 ProcessorContext<String, byte[]> context, long timestamp) {
        long next = nextVersion(current, memory);
        byte[] artifact = catalog.artifact(old.version());
        ModelVersion copy = ModelVersion.rollback(next, old, artifact, c.id(), System.currentTimeMillis());
        context.forward(new Record<>(Long.toString(next), Json.write(copy), timestamp));
        memory.setCurrentVersion(next);
        LOG.info("Operator command {}: rolled back to version {} as version {}", c.id(), old.version(), next);
        return new ServedModel(next, codec.load(artifact), old.calibration());
    }

    /** Tombstones for versions older than the newest {@code keep}, except version 0 and the pinned one. */
    void retireOld(ServedModel current, ProcessorContext<String, byte[]> context, long timestamp) {
        long oldestKept = current.version() - keep + 1;
        if (oldestKept <= 1) {
            return;
        }
        Long pinned = catalog.pinned().orElse(null);
        for (long v : catalog.numbers()) {
            if (v >= oldestKept) {
                break;
            }
            if (v == 0 || (pinned != null && v == pinned) || !retired.add(v)) {
                continue;
            }
            context.forward(new Record<>(Long.toString(v), null, timestamp));
        }
        if (retired.size() > 10 * keep) {
            retired.removeIf(v -> v < oldestKept - keep);
        }
    }

    private static long offset(ProcessorContext<String, byte[]> context) {
        return context.recordMetadata().map(m -> m.offset()).orElse(-1L);
    }
}
