package io.ringkv.kv;

/**
 * The wall-clock reading the data model needs (for {@link Hlc} timestamps), so that the data model
 * depends on nothing above it; {@code io.ringkv.port.Clock} is one.
 */
@FunctionalInterface
public interface WallClock {

    /** Wall-clock milliseconds since the epoch; may jump and may differ between nodes. */
    long millis();
}
