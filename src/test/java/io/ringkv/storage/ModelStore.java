package io.ringkv.storage;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The reference the engine is checked against: a sorted map of live values with their sequence and expiry. */
final class ModelStore {
    private static final HexFormat HEX = HexFormat.of();

    /** What the model holds for a key: the value, the sequence of the write that stored it, and its expiry. */
    record Version(byte[] value, long sequence, long expiresAtMillis) {
        boolean isLiveAt(long nowMillis) {
            return expiresAtMillis == Entry.NO_EXPIRY || nowMillis < expiresAtMillis;
        }
    }

    private final TreeMap<byte[], Version> versions = new TreeMap<>(Keys.ORDER);

    ModelStore copy() {
        ModelStore copy = new ModelStore();
        copy.versions.putAll(versions);
        return copy;
    }

    /** Applies the mutations of one write, whose last mutation took {@code lastSequence}. */
    void apply(List<ModelMutation> mutations, long lastSequence) {
        long sequence = lastSequence - mutations.size() + 1;
        for (ModelMutation m : mutations) {
            if (m.isDelete()) {
                versions.remove(m.key());
            } else {
                versions.put(m.key(), new Version(m.value(), sequence, m.expiresAtMillis()));
            }
            sequence++;
        }
    }

    /** The live value of {@code key} at {@code nowMillis}, or null. */
    byte[] get(byte[] key, long nowMillis) {
        Version v = versions.get(key);
        return v != null && v.isLiveAt(nowMillis) ? v.value() : null;
    }

    /** Rows (see {@link #row}) of the live keys in [{@code from}, {@code to}) at {@code nowMillis}. */
    List<String> scan(byte[] from, byte[] to, long nowMillis, boolean withSequence) {
        NavigableMap<byte[], Version> range = versions;
        if (from != null && to != null) {
            range = Keys.compare(from, to) >= 0 ? new TreeMap<>(Keys.ORDER) : versions.subMap(from, true, to, false);
        } else if (from != null) {
            range = versions.tailMap(from, true);
        } else if (to != null) {
            range = versions.headMap(to, false);
        }
        List<String> rows = new ArrayList<>();
        for (Map.Entry<byte[], Version> e : range.entrySet()) {
            Version v = e.getValue();
            if (v.isLiveAt(nowMillis)) {
                rows.add(row(e.getKey(), v.value(), v.sequence(), v.expiresAtMillis(), withSequence));
            }
        }
        return rows;
    }

    /** Rows of everything the engine's iterator returns, closing it. */
    static List<String> rows(KeyValueIterator it, boolean withSequence) throws java.io.IOException {
        List<String> rows = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                rows.add(row(kv.key(), kv.value(), kv.sequence(), kv.expiresAtMillis(), withSequence));
            }
        }
        return rows;
    }

    /** One key and value as comparable text, so a mismatch shows as a readable diff. */
    static String row(byte[] key, byte[] value, long sequence, long expiresAtMillis, boolean withSequence) {
        StringBuilder row = new StringBuilder(hex(key)).append(" = ").append(hex(value));
        if (expiresAtMillis != Entry.NO_EXPIRY) {
            row.append(" expires ").append(expiresAtMillis);
        }
        if (withSequence) {
            row.append(" seq ").append(sequence);
        }
        return row.toString();
    }

    static String hex(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        return bytes.length > 24
                ? HEX.formatHex(bytes, 0, 24) + "..(" + bytes.length + " bytes)"
                : HEX.formatHex(bytes);
    }
}
