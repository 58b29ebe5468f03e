package io.streamadapt.adapt;

import java.util.ArrayList;
import java.util.List;

/** Trainer memory held in plain lists, for simulations and tests. */
public final class InMemoryTrainerMemory implements TrainerMemory {
    private long seen;
    private final List<Example> buffer = new ArrayList<>();
    private long oldest = -1;
    private final List<Example> holdout = new ArrayList<>();
    private final List<Example> reservoir = new ArrayList<>();
    private long lineageFrom;
    private long lineageSeen;
    private long lastOffset = -1;
    private long version;

    @Override public long seen() { return seen; }
    @Override public List<Example> buffer() { return List.copyOf(buffer); }
    @Override public int bufferSize() { return buffer.size(); }
    @Override public int holdoutSize() { return holdout.size(); }
    @Override public long oldestBufferedAt() { return oldest; }
    @Override public List<Example> holdout() { return List.copyOf(holdout); }
    @Override public List<Example> reservoir() { return List.copyOf(reservoir); }
    @Override public long lineageFrom() { return lineageFrom; }
    @Override public long lineageSeen() { return lineageSeen; }
    @Override public long lastOffset() { return lastOffset; }
    @Override public long currentVersion() { return version; }

    @Override
    public void recordArrival(Example e, boolean toHoldout, long at) {
        seen++;
        lastOffset = Math.max(lastOffset, e.offset());
        if (toHoldout) {
            holdout.add(e);
        } else {
            if (buffer.isEmpty()) {
                oldest = at;
            }
            buffer.add(e);
        }
    }

    @Override
    public Example evictHoldout() {
        return holdout.remove(0);
    }

    @Override
    public void putReservoir(int slot, Example e) {
        if (slot == reservoir.size()) {
            reservoir.add(e);
        }
        else {
            reservoir.set(slot, e);
        }
    }

    @Override
    public void clearBuffer() {
        buffer.clear();
        oldest = -1;
    }

    @Override
    public void setLineageFrom(long offset, long seen) {
        lineageFrom = offset;
        lineageSeen = seen;
    }
    @Override public void setCurrentVersion(long v) { version = v; }
}
