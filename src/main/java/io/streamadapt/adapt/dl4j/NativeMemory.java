package io.streamadapt.adapt.dl4j;

import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * JavaCPP's limits on native memory, which ND4J's arrays live in. JavaCPP reads them once, when ND4J first loads, so
 * they are set before that. When an allocation would pass {@code maxBytes} (arrays) or {@code maxPhysicalBytes} (the
 * whole process), JavaCPP runs the GC, which frees the native memory of unreachable arrays, and tries again; only then
 * does the allocation fail. JavaCPP's defaults are the maximum heap and twice that, so with a large heap native memory
 * grew for gigabytes before a GC ran.
 */
public final class NativeMemory {
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxBytes";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private NativeMemory() {
    }

    /**
     * Sets both limits unless given on the command line ({@code -Dorg.bytedeco.javacpp.maxBytes=...}, either spelling).
     *
     * @return the limits now in force, by property name
     */
    public static Map<String, String> limit(long maxBytes, long maxPhysicalBytes) {
        setUnlessGiven(MAX_BYTES, maxBytes);
        setUnlessGiven(MAX_PHYSICAL_BYTES, maxPhysicalBytes);
        return Map.of(MAX_BYTES, effective(MAX_BYTES), MAX_PHYSICAL_BYTES, effective(MAX_PHYSICAL_BYTES));
    }

    /**
     * Frees the native memory of arrays this code created and no longer needs, now rather than at the next GC (a small
     * heap collects rarely when most of the memory is native). Views and arrays inside a workspace are left alone.
     */
    static void release(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }

    private static void setUnlessGiven(String property, long bytes) {
        if (System.getProperty(property) == null && System.getProperty(property.toLowerCase(Locale.ROOT)) == null) {
            System.setProperty(property, Long.toString(bytes));
        }
    }

    private static String effective(String property) {
        String v = System.getProperty(property);
        return v != null ? v : System.getProperty(property.toLowerCase(Locale.ROOT));
    }
}
