package io.streamadapt.adapt;

/** Turns a classifier into bytes (weights and metadata) and back; loading gives identical predictions. */
public interface ModelCodec {
    byte[] save(Classifier model);

    Classifier load(byte[] bytes);
}
