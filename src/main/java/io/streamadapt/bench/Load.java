package io.streamadapt.bench;

import io.streamadapt.data.Dataset;
import io.streamadapt.replay.Replayer;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends prediction requests (the scenario's target examples, in turn) and waits for their outputs. */
final class Load {
    /**
     * What one run measured.
     *
     * @param cpuNanos CPU time of the whole process over the run (broker, clients and services run in it), negative
     *                 when the JVM cannot tell
     */
    record Run(long sent, long answered, long nanos, long cpuNanos, Latencies.Summary latency) {
        double perSecond() {
            return Rates.perSecond(answered, nanos);
        }

        /** The process's CPU time per answered request, in microseconds; NaN when unknown. */
        double cpuMicrosPerRequest() {
            return cpuNanos < 0 || answered == 0 ? Double.NaN : cpuNanos / 1e3 / answered;
        }
    }

    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean o ? o : null;

    private final Producer<byte[], byte[]> producer;
    private final Dataset data;
    private final Consumer<String> progress;

    Load(Producer<byte[], byte[]> producer, Dataset data, Consumer<String> progress) {
        this.producer = producer;
        this.data = data;
        this.progress = progress;
    }

    /**
     * {@code n} requests as fast as the producer takes them; the time runs from the first send to the last output read.
     * The requests are encoded before the clock starts: encoding 64 numbers per request took the sending thread most of
     * a core, on the same two cores as the system measured, and it is a producer's work, not the service's.
     */
    Run saturate(String what, String topic, Outputs outputs, String idPrefix, int n, Duration timeout) throws InterruptedException {
        String[] ids = new String[n];
        byte[][] keys = new byte[n][];
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = idPrefix + i;
            keys[i] = ids[i].getBytes(StandardCharsets.UTF_8);
            values[i] = Replayer.request(ids[i], data.features()[i % data.size()]);
        }
        outputs.reset();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            outputs.sent(ids[i]);
            producer.send(new ProducerRecord<>(topic, keys[i], values[i]));
        }
        producer.flush();
        return await(what, outputs, n, t0, cpu0, timeout);
    }

    /** Requests at {@code rate} per second for {@code duration}; latency from each request's send to its output. */
    Run fixedRate(String what, String topic, Outputs outputs, String idPrefix, double rate, Duration duration, Duration timeout)
            throws InterruptedException {
        outputs.reset();
        long n = Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = t0 + (long) (i / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String id = idPrefix + i;
            byte[] value = Replayer.request(id, data.features()[i % data.size()]);
            outputs.sent(id);
            producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value));
        }
        producer.flush();
        return await(what, outputs, n, t0, cpu0, timeout);
    }

    /**
     * CPU time of the whole process so far; -1 when unknown. Both sides run on the same cores as the broker, so the
     * rate of a side follows its CPU per request: this shows where a ratio comes from.
     */
    private static long processCpuNanos() {
        return OS == null ? -1 : OS.getProcessCpuTime();
    }

    private Run await(String what, Outputs outputs, long n, long t0, long cpu0, Duration timeout) throws InterruptedException {
        long deadline = t0 + timeout.toNanos();
        long lastLine = System.nanoTime();
        while (outputs.matched() < n && System.nanoTime() < deadline) {
            Thread.sleep(2);
            if (System.nanoTime() - lastLine > 5_000_000_000L) {
                progress.accept(String.format("  %s: %d/%d outputs read", what, outputs.matched(), n));
                lastLine = System.nanoTime();
            }
        }
        long nanos = System.nanoTime() - t0;
        if (outputs.matched() < n) progress.accept(String.format("  %s: only %d of %d outputs within %d s", what, outputs.matched(), n,
                timeout.toSeconds()));
        long cpu = cpu0 < 0 ? -1 : processCpuNanos() - cpu0;
        return new Run(n, outputs.matched(), nanos, cpu, outputs.latencies().summary());
    }
}
