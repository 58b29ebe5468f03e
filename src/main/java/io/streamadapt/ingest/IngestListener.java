package io.streamadapt.ingest;

import io.streamadapt.contract.RejectReason;

/** Told about every record the ingest stage sees, so metrics can count outcomes without the stage knowing Micrometer. */
public interface IngestListener {
    void accepted(String topic);

    void rejected(String topic, RejectReason reason);

    IngestListener NONE = new IngestListener() {
        @Override
        public void accepted(String topic) {
        }

        @Override
        public void rejected(String topic, RejectReason reason) {
        }
    };
}
