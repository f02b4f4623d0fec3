package io.ringkv.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Arbitrary valid versioned objects and contexts for codec tests. */
final class RandomObjects {
    private static final String[] NAMES = {"a", "node-1", "node-2", "ré", "節点", "n\u0000x", "zz"};

    private RandomObjects() {}

    static VersionVector vector(Random random) {
        Map<String, Long> counters = new TreeMap<>();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            long counter =
                    random.nextBoolean() ? 1 + random.nextInt(300) : 1 + (random.nextLong() >>> 1) % Long.MAX_VALUE;
            counters.put(NAMES[random.nextInt(NAMES.length)], counter);
        }
        return VersionVector.of(counters);
    }

    static VersionedObject object(Random random) {
        VersionVector context = vector(random);
        List<Sibling> siblings = new ArrayList<>();
        for (Map.Entry<String, Long> entry : context.entries().entrySet()) {
            int count = random.nextInt(3);
            for (long counter = entry.getValue();
                    counter >= 1 && count > 0;
                    counter -= 1 + random.nextInt(3), count--) {
                WriteId writeId = random.nextBoolean() ? WriteId.random(random) : null;
                siblings.add(
                        new Sibling(new Dot(entry.getKey(), counter), random.nextLong(), content(random), writeId));
            }
        }
        return new VersionedObject(context, siblings);
    }

    static Content content(Random random) {
        long expiresAt = random.nextBoolean() ? Content.NO_EXPIRY : random.nextLong();
        if (random.nextInt(4) == 0) {
            return Content.tombstone(expiresAt);
        }
        byte[] value = new byte[random.nextInt(4) == 0 ? random.nextInt(2_000) : random.nextInt(20)];
        random.nextBytes(value);
        String type = random.nextBoolean() ? "application/json" : "text/plain; charset=ütf-8";
        return Content.value(type, value, expiresAt);
    }

    /** A copy of {@code valid} with one random mutation: byte flips, a truncation or an extension. */
    static byte[] mutate(byte[] valid, Random random) {
        switch (random.nextInt(3)) {
            case 0 -> {
                byte[] flipped = valid.clone();
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return flipped;
            }
            case 1 -> {
                return Arrays.copyOf(valid, random.nextInt(valid.length));
            }
            default -> {
                byte[] extended = Arrays.copyOf(valid, valid.length + 1 + random.nextInt(8));
                for (int i = valid.length; i < extended.length; i++) {
                    extended[i] = (byte) random.nextInt(256);
                }
                return extended;
            }
        }
    }
}
