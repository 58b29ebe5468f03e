package io.streamadapt.cli;

import io.streamadapt.adapt.dl4j.NativeMemory;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the memory of {@code serve} and {@code demo}: the Java heap ({@code memory.heap}) and ND4J's off-heap arrays
 * ({@code memory.native}).
 *
 * <p>A running JVM cannot change its maximum heap, and {@code java -jar} reads no JVM options from the jar's manifest.
 * So when the JVM was started without a heap option, the command starts itself again in a child JVM with
 * {@code -Xmx} set (and the serial collector and two malloc arenas, unless a collector or {@code MALLOC_ARENA_MAX} is
 * given), the same options and arguments, and the same standard input and output; this process only waits
 * and passes on its exit code and SIGTERM or Ctrl-C. The child exits when this process is killed, so a {@code kill -9}
 * ends both. A heap option on the command line ({@code -Xmx}, {@code -XX:MaxRAMPercentage}, as in the container
 * image), in {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS}, or {@code memory.heap=0}, runs the command in this
 * JVM as it is.
 */
final class MemoryLimits {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryLimits.class);
    /** Set on the child JVM, so it neither starts another one nor outlives this one. */
    static final String CHILD_PROPERTY = "streamadapt.memory.child";
    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAMPercentage", "-XX:MaxRAM=",
            "-XX:MaxRAMFraction");
    /** Beyond heap and ND4J arrays: metaspace, code, thread stacks, Kafka and RocksDB buffers, an embedded broker. */
    static final long OVERHEAD = 512L << 20;

    private MemoryLimits() {
    }

    /**
     * Runs the command in a child JVM with the configured heap when this JVM has no heap option; returns the child's
     * exit code then, or empty when the command should go on in this JVM (with the off-heap limits applied).
     */
    static OptionalInt apply(Config config) throws InterruptedException {
        long heap = config.get(Settings.MEMORY_HEAP);
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (Boolean.getBoolean(CHILD_PROPERTY)) {
            exitWithParent();
        } else if (heap > 0 && !hasHeapOption(jvmOptions)) {
            Optional<List<String>> command = childCommand(heap);
            if (command.isEmpty()) {
                LOG.warn("Cannot read this JVM's command line: running with the default heap; start java with -Xmx to bound it");
            } else {
                OptionalInt code = runChild(command.get());
                if (code.isPresent()) {
                    return code;
                }
            }
        }
        long nativeBytes = config.get(Settings.MEMORY_NATIVE);
        NativeMemory.limit(nativeBytes, Runtime.getRuntime().maxMemory() + nativeBytes + OVERHEAD);
        return OptionalInt.empty();
    }

    static boolean hasHeapOption(List<String> jvmOptions) {
        return jvmOptions.stream().anyMatch(o -> HEAP_OPTIONS.stream().anyMatch(o::startsWith));
    }

    /** This JVM's command line with {@code -Xmx} and the child marker after the executable. */
    private static Optional<List<String>> childCommand(long heap) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        if (info.command().isEmpty() || info.arguments().isEmpty()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(info.command().get());
        cmd.add("-Xmx" + Math.max(1, heap >> 20) + "m");
        List<String> arguments = List.of(info.arguments().get());
        if (arguments.stream().noneMatch(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"))) {
            // a heap of a few hundred MiB needs no concurrent collector; the serial one commits only what it needs and
            // keeps no remembered sets, tens of MiB less resident than G1 (the default on two cores or more)
            cmd.add("-XX:+UseSerialGC");
        }
        cmd.add("-D" + CHILD_PROPERTY + "=true");
        cmd.addAll(arguments);
        return Optional.of(cmd);
    }

    private static OptionalInt runChild(List<String> command) throws InterruptedException {
        Process child;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            // glibc gives each thread that mallocs its own 64 MiB arena; ND4J, RocksDB and Kafka threads left tens of
            // MiB resident in half-used arenas
            builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            child = builder.start();
        } catch (IOException e) {
            LOG.warn("Cannot start a JVM with {}: running with the default heap ({})", command.get(1), e.getMessage());
            return OptionalInt.empty();
        }
        Thread forward = new Thread(() -> {
            // SIGTERM or Ctrl-C reached this JVM: the child shuts down cleanly and its exit code is ours
            child.destroy();
            try {
                Runtime.getRuntime().halt(child.waitFor());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "child-shutdown");
        Runtime.getRuntime().addShutdownHook(forward);
        // this JVM only waits from now on: a full collection lets it return the heap it grew while starting up
        System.gc();
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(forward);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already passing the child's exit code on
        }
        return OptionalInt.of(code);
    }

    /** In the child: when the launching JVM disappears (killed), end at once, as a kill would have. */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(137)));
    }
}
