package io.ringkv.storage.sstable;

import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryKind;
import io.ringkv.storage.Keys;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeMap;

/** Random entries for table tests: puts, tombstones and expiring values with keys of any bytes. */
final class TestEntries {
    private TestEntries() {}

    /** {@code count} entries with distinct keys, in key order. */
    static TreeMap<byte[], Entry> random(Random random, int count) {
        TreeMap<byte[], Entry> entries = new TreeMap<>(Keys.ORDER);
        while (entries.size() < count) {
            Entry entry = randomEntry(random, randomKey(random));
            entries.put(entry.key(), entry);
        }
        return entries;
    }

    static byte[] randomKey(Random random) {
        byte[] key = new byte[1 + random.nextInt(20)];
        random.nextBytes(key);
        return key;
    }

    static Entry randomEntry(Random random, byte[] key) {
        long sequence = random.nextLong() & Long.MAX_VALUE;
        int roll = random.nextInt(10);
        if (roll == 0) {
            return Entry.delete(key, sequence);
        }
        long expiresAt = roll <= 2 ? 1 + (random.nextLong() & 0xffffffffffL) : Entry.NO_EXPIRY;
        byte[] value = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(120)];
        // Half the values repeat a few bytes so LZ4 has something to compress.
        if (random.nextBoolean()) {
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) ('a' + i % 5);
            }
        } else {
            random.nextBytes(value);
        }
        return new Entry(key, sequence, EntryKind.PUT, expiresAt, value);
    }

    /** Entries compare by content, which {@link Entry#equals} (a record of arrays) does not. */
    static String describe(Entry e) {
        return e == null
                ? "null"
                : HexFormat.of().formatHex(e.key()) + "@" + e.sequence() + " " + e.kind() + " exp="
                        + e.expiresAtMillis() + " value=" + HexFormat.of().formatHex(e.value());
    }
}
