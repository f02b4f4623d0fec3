package io.ringkv.sim;

import java.nio.charset.StandardCharsets;

/**
 * A running 64-bit FNV-1a hash of everything a simulation delivered and decided, in order: two runs
 * of one seed must end with the same value, or the simulation is not deterministic.
 */
public final class Trace {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long hash = OFFSET;
    private long events;

    /** Adds one event: a label and its bytes (a message as it crossed the wire, an outcome). */
    public void record(String label, byte[] bytes) {
        mix(label.getBytes(StandardCharsets.UTF_8));
        mix(new byte[] {0});
        mix(bytes);
        events++;
    }

    public void record(String label) {
        record(label, new byte[0]);
    }

    private void mix(byte[] bytes) {
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
    }

    public long hash() {
        return hash;
    }

    public long events() {
        return events;
    }
}
