package io.streamadapt.serving;

/** Told about every prediction, so metrics can observe latency without the processor knowing Micrometer. */
public interface ServingListener {
    void predicted(long version, long latencyMs);

    ServingListener NONE = (version, latencyMs) -> {
    };
}
