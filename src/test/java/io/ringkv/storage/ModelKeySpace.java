package io.ringkv.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A small set of keys, so that writes to the same key collide often, chosen to exercise key order:
 * keys that are prefixes of others, and bytes above 0x7F that sort after ASCII only when compared
 * unsigned. Also draws random values.
 */
final class ModelKeySpace {
    private static final byte[] ALPHABET = {0x00, 0x01, 'a', 'b', 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};

    private final List<byte[]> keys;
    private final TreeSet<byte[]> keySet = new TreeSet<>(Keys.ORDER);

    ModelKeySpace(Random random, int size) {
        while (keySet.size() < size) {
            keySet.add(random.nextBoolean() ? textKey(random) : binaryKey(random, 1 + random.nextInt(8)));
        }
        keys = new ArrayList<>(keySet);
    }

    private static byte[] textKey(Random random) {
        // "k1", "k10" and "k100" are prefixes of one another.
        return ("k" + random.nextInt(1000)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] binaryKey(Random random, int length) {
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return key;
    }

    List<byte[]> all() {
        return keys;
    }

    byte[] pick(Random random) {
        return keys.get(random.nextInt(keys.size()));
    }

    /** A key outside the key space, so never written. */
    byte[] absent(Random random) {
        while (true) {
            byte[] key = binaryKey(random, 1 + random.nextInt(10));
            if (!keySet.contains(key)) {
                return key;
            }
        }
    }

    /** A scan bound: open (null), a key of the space, or short bytes that fall between keys. */
    byte[] bound(Random random) {
        int roll = random.nextInt(100);
        if (roll < 15) {
            return null;
        }
        return roll < 70 ? pick(random) : binaryKey(random, random.nextInt(3));
    }

    /** Mostly small values, sometimes empty, sometimes larger than a data block. */
    static byte[] value(Random random) {
        int roll = random.nextInt(100);
        int length;
        if (roll < 3) {
            length = 0;
        } else if (roll < 75) {
            length = 1 + random.nextInt(40);
        } else if (roll < 97) {
            length = 40 + random.nextInt(160);
        } else {
            length = 500 + random.nextInt(2500);
        }
        byte[] value = new byte[length];
        random.nextBytes(value);
        return value;
    }
}
