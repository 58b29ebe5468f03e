package io.streamadapt.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Directories that live as long as the process: the local state of a demo, a benchmark or a test against a broker that
 * is itself thrown away. Without this each run left its RocksDB stores and checkpoints behind (a few MiB a run, hundreds
 * of directories after a day of runs); they are removed when the JVM exits, one shutdown hook for all of them.
 */
public final class TemporaryDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(TemporaryDirectories.class);
    private static final Set<Path> PENDING = new LinkedHashSet<>();
    private static boolean hooked;

    private TemporaryDirectories() {
    }

    /** A new empty directory under the system's temporary directory, removed with its contents when the JVM exits. */
    public static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        synchronized (PENDING) {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(TemporaryDirectories::deletePending, "temporary-directories"));
                hooked = true;
            }
            PENDING.add(dir);
        }
        return dir;
    }

    /** Removes {@code dir} and everything in it now, as far as it can; a file it cannot remove is left and logged. */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Removing {}: {}", dir, e.toString());
        }
        synchronized (PENDING) {
            PENDING.remove(dir);
        }
    }

    private static void deletePending() {
        List<Path> dirs;
        synchronized (PENDING) {
            dirs = new ArrayList<>(PENDING);
        }
        dirs.forEach(TemporaryDirectories::delete);
    }
}
