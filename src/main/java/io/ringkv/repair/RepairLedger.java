package io.ringkv.repair;

import io.ringkv.kv.ByteReader;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.EncodingException;
import io.ringkv.port.Clock;
import io.ringkv.port.FileIO;
import io.ringkv.storage.CorruptionException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per partition, the time through which this node knows every replica of it holds what it held: the
 * start (wall millis, this node's clock) of the latest repair in which this node exchanged the
 * partition successfully with every other replica of it. Only grows. Kept in {@code
 * <dir>/repaired-through}; a value is used (by {@link PurgeHorizon}) only once it is durable, so a
 * restart never finds a horizon lower than one a purge relied on.
 *
 * <pre>
 *   u8 version=1, u8 kind=1, i64 created millis, varint count,
 *   count × (u16 partition, i64 repaired-through millis)   partitions strictly ascending,
 *   u32 CRC32C of everything before it
 * </pre>
 */
public final class RepairLedger {
    static final String NAME = "repaired-through";
    private static final int VERSION = 1;
    private static final int KIND = 1;
    private static final long MAX_BYTES = 16L << 20;

    /** No repair of the partition is known. */
    public static final long NEVER = Long.MIN_VALUE;

    private final FileIO io;
    private final Path dir;
    private final long createdMillis;
    private final Map<Integer, Long> durable = new ConcurrentHashMap<>();
    private final Map<Integer, Long> pending = new HashMap<>();

    private RepairLedger(FileIO io, Path dir, long createdMillis, Map<Integer, Long> values) {
        this.io = io;
        this.dir = dir;
        this.createdMillis = createdMillis;
        this.durable.putAll(values);
    }

    /**
     * The ledger kept in {@code dir}; a new one (created now, written at once) when there is none.
     *
     * @throws CorruptionException when the file is damaged: the node must not start and guess
     */
    public static RepairLedger open(FileIO io, Path dir, Clock clock) throws IOException {
        byte[] bytes = RepairFiles.read(io, dir, NAME, MAX_BYTES);
        if (bytes == null) {
            RepairLedger ledger = new RepairLedger(io, dir, clock.millis(), Map.of());
            RepairFiles.write(io, dir, NAME, ledger.encode(Map.of()));
            return ledger;
        }
        try {
            ByteReader in = ByteReader.framed(bytes, VERSION, NAME);
            int kind = in.u8("kind");
            if (kind != KIND) {
                throw in.error("kind " + kind + " is not a repair ledger", 1);
            }
            long created = in.i64("created millis");
            int count = in.count("count", 10);
            Map<Integer, Long> values = new HashMap<>();
            int last = -1;
            for (int i = 0; i < count; i++) {
                int at = in.offset();
                int partition = in.u16("partition");
                if (partition <= last) {
                    throw in.error("partitions are not strictly ascending", at);
                }
                last = partition;
                values.put(partition, in.i64("repaired-through millis"));
            }
            in.end();
            return new RepairLedger(io, dir, created, values);
        } catch (EncodingException e) {
            throw new CorruptionException(dir.resolve(NAME) + ": " + e.getMessage());
        }
    }

    /** When this ledger was first written: no partition is known repaired before it. */
    public long createdMillis() {
        return createdMillis;
    }

    /** The durable repaired-through time of {@code partition}, or {@link #NEVER}. */
    public long repairedThrough(int partition) {
        return durable.getOrDefault(partition, NEVER);
    }

    /** Notes that {@code partition} was exchanged with every other replica by a repair started at {@code millis}; used once {@link #commit}ted. */
    public synchronized void record(int partition, long millis) {
        long known = Math.max(pending.getOrDefault(partition, NEVER), repairedThrough(partition));
        if (millis > known) {
            pending.put(partition, millis);
        }
    }

    /** Makes what was recorded durable, then lets it be used. Nothing recorded: nothing written. */
    public synchronized void commit() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        Map<Integer, Long> next = new TreeMap<>(durable);
        next.putAll(pending);
        RepairFiles.write(io, dir, NAME, encode(next));
        durable.putAll(pending);
        pending.clear();
    }

    private byte[] encode(Map<Integer, Long> values) {
        ByteWriter out = new ByteWriter(32 + values.size() * 10);
        out.u8(VERSION);
        out.u8(KIND);
        out.i64(createdMillis);
        out.varint(values.size());
        for (Map.Entry<Integer, Long> e : new TreeMap<>(values).entrySet()) {
            out.u16(e.getKey());
            out.i64(e.getValue());
        }
        out.crc32c();
        return out.toByteArray();
    }
}
