package io.streamadapt.adapt.dl4j;

import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads each ND4J operation uses: ND4J's master threads, OpenMP and OpenBLAS. Their default is every core,
 * which suits one large model on an idle machine. StreamAdapt's networks are small (a digits step multiplies 32 rows by
 * 64 x 256 weights), and the trainer shares its cores with the serving threads, the Kafka clients and often a broker:
 * the extra threads split work too small to split and spin while they wait for more, on cores other threads need.
 * Measured on 2 cores: pretraining the digits source model took 27.1 s with ND4J's default and 11.7 s with one thread;
 * the trainer learned a 5,000-event backlog at 495-556 events/s with the default and 712-727 with one thread.
 */
public final class NativeThreads {
    /** OpenMP's own setting; when it is set, it was chosen for this machine and wins. */
    static final String OMP_ENV = "OMP_NUM_THREADS";

    /** The limit in force, 0 for none. */
    private static volatile int limit;

    private NativeThreads() {
    }

    /**
     * Limits every ND4J operation to {@code threads} threads, unless {@code threads} is 0 (ND4J's default) or
     * {@code OMP_NUM_THREADS} is set.
     *
     * @return the threads now in force, or 0 when left to ND4J or the environment
     */
    public static int limit(int threads) {
        return limit(threads, System.getenv());
    }

    static int limit(int threads, Map<String, String> environment) {
        if (threads <= 0 || environment.get(OMP_ENV) != null) {
            return 0;
        }
        // (the pool's own maximum, Environment.setMaxThreads, is fixed once ND4J has loaded: libnd4j ignores the call)
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        limit = threads;
        onThisThread();
        return threads;
    }

    /**
     * Applies the limit to OpenMP on the calling thread. OpenMP keeps its thread count per thread, so a limit set on
     * the thread that started the service does not reach the stream thread that trains; the adapter calls this before
     * its work.
     */
    static void onThisThread() {
        int n = limit;
        if (n > 0) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        }
    }
}
