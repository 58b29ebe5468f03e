package io.streamadapt.adapt.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeThreadsTest {
    @Test
    void oneThreadLimitsNd4jOpenBlasAndOpenMpOnTheThreadsThatTrain() throws Exception {
        assertThat(NativeThreads.limit(1, Map.of())).isEqualTo(1);

        assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);
        assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
        assertThat(ops().ompGetMaxThreads()).isEqualTo(1);
        // OpenMP keeps the count per thread: the adapter applies the limit on the thread that trains
        assertThat(ompThreadsOnANewThread()).isEqualTo(1);
    }

    @Test
    void zeroOrOpenMpsOwnSettingLeavesTheThreadsAlone() {
        NativeThreads.limit(1, Map.of());

        assertThat(NativeThreads.limit(0, Map.of())).isZero();
        assertThat(NativeThreads.limit(3, Map.of("OMP_NUM_THREADS", "2"))).isZero();
        assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);
        assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
        assertThat(ops().ompGetMaxThreads()).isEqualTo(1);
    }

    /** ND4J's native operations; the backend loads with the first use of {@link Nd4j}. */
    private static NativeOps ops() {
        Nd4j.getEnvironment();
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }

    private static int ompThreadsOnANewThread() throws InterruptedException {
        AtomicInteger seen = new AtomicInteger();
        Thread t = new Thread(() -> {
            NativeThreads.onThisThread();
            seen.set(ops().ompGetMaxThreads());
        });
        t.start();
        t.join();
        return seen.get();
    }
}
