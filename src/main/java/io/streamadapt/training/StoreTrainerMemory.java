package io.streamadapt.training;

import io.streamadapt.adapt.Example;
import io.streamadapt.adapt.TrainerMemory;
import io.streamadapt.contract.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Trainer memory in a key-value state store: one key per buffered event ({@code b:}), holdout event ({@code h:}) and
 * reservoir slot ({@code r:}), plus the counters under {@code meta}. One key per item keeps every changelog record
 * small and writes only what changed. Reads come from an in-memory copy loaded at start.
 */
final class StoreTrainerMemory implements TrainerMemory {
    static final String STORE = "trainer-state";
    private static final String META = "meta";

    private final KeyValueStore<String, byte[]> store;
    private final TreeMap<Long, Example> buffer = new TreeMap<>();
    private final TreeMap<Long, Example> holdout = new TreeMap<>();
    private final TreeMap<Integer, Example> reservoir = new TreeMap<>();
    private Meta meta;

    /** Counters; {@code nextSeq} numbers buffer and holdout keys so their order survives a restart. */
    record Meta(long seen, long lineageFrom, long lastOffset, long version, long oldestBufferedAt, long nextSeq, long lineageSeen) {
    }

    StoreTrainerMemory(KeyValueStore<String, byte[]> store) {
        this.store = store;
        byte[] m = store.get(META);
        meta = m == null ? new Meta(0, 0, -1, 0, -1, 0, 0) : Json.read(m, Meta.class);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key.equals(META)) {
                    continue;
                }
                Example e = Json.read(kv.value, Example.class);
                String id = kv.key.substring(2);
                switch (kv.key.charAt(0)) {
                    case 'b' -> buffer.put(Long.parseLong(id), e);
                    case 'h' -> holdout.put(Long.parseLong(id), e);
                    case 'r' -> reservoir.put(Integer.parseInt(id), e);
                    default -> throw new IllegalStateException("unexpected key in trainer store: " + kv.key);
                }
            }
        }
    }

    @Override public long seen() { return meta.seen(); }
    @Override public List<Example> buffer() { return List.copyOf(buffer.values()); }
    @Override public long oldestBufferedAt() { return meta.oldestBufferedAt(); }
    @Override public List<Example> holdout() { return List.copyOf(holdout.values()); }
    @Override public List<Example> reservoir() { return new ArrayList<>(reservoir.values()); }
    @Override public long lineageFrom() { return meta.lineageFrom(); }
    @Override public long lineageSeen() { return meta.lineageSeen(); }
    @Override public long lastOffset() { return meta.lastOffset(); }
    @Override public long currentVersion() { return meta.version(); }

    @Override
    public int bufferSize() {
        return buffer.size();
    }

    @Override
    public int holdoutSize() {
        return holdout.size();
    }

    @Override
    public void recordArrival(Example e, boolean toHoldout, long at) {
        long seq = meta.nextSeq();
        if (toHoldout) {
            holdout.put(seq, e);
            store.put("h:" + seq, Json.write(e));
        } else {
            buffer.put(seq, e);
            store.put("b:" + seq, Json.write(e));
        }
        long oldest = !toHoldout && buffer.size() == 1 ? at : meta.oldestBufferedAt();
        setMeta(new Meta(meta.seen() + 1, meta.lineageFrom(), Math.max(meta.lastOffset(), e.offset()), meta.version(), oldest, seq + 1, meta.lineageSeen()));
    }

    @Override
    public Example evictHoldout() {
        Map.Entry<Long, Example> first = holdout.pollFirstEntry();
        store.delete("h:" + first.getKey());
        return first.getValue();
    }

    @Override
    public void putReservoir(int slot, Example e) {
        reservoir.put(slot, e);
        store.put("r:" + slot, Json.write(e));
    }

    @Override
    public void clearBuffer() {
        for (Long seq : buffer.keySet()) {
            store.delete("b:" + seq);
        }
        buffer.clear();
        setMeta(new Meta(meta.seen(), meta.lineageFrom(), meta.lastOffset(), meta.version(), -1, meta.nextSeq(), meta.lineageSeen()));
    }

    @Override
    public void setLineageFrom(long offset, long seen) {
        setMeta(new Meta(meta.seen(), offset, meta.lastOffset(), meta.version(), meta.oldestBufferedAt(), meta.nextSeq(), seen));
    }

    @Override
    public void setCurrentVersion(long version) {
        setMeta(new Meta(meta.seen(), meta.lineageFrom(), meta.lastOffset(), version, meta.oldestBufferedAt(), meta.nextSeq(),
                meta.lineageSeen()));
    }

    private void setMeta(Meta m) {
        meta = m;
        store.put(META, Json.write(m));
    }

    /** For tests: the raw keys held. */
    Map<String, Integer> counts() {
        Map<String, Integer> m = new HashMap<>();
        m.put("buffer", buffer.size());
        m.put("holdout", holdout.size());
        m.put("reservoir", reservoir.size());
        return m;
    }
}
