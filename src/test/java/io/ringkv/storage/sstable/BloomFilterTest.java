package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.storage.CorruptionException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BloomFilterTest {

    private static byte[] key(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    @Test
    void everyAddedKeyMayBeContained() throws CorruptionException {
        BloomFilterBuilder builder = new BloomFilterBuilder(10);
        for (long n = 0; n < 10_000; n++) {
            builder.addKey(key(n));
        }
        BloomFilter filter = BloomFilter.decode(builder.finish());
        for (long n = 0; n < 10_000; n++) {
            assertThat(filter.mayContain(key(n))).as("key %d", n).isTrue();
        }
    }

    @Test
    void tenBitsPerKeyGiveAtMostOnePercentFalsePositives() throws CorruptionException {
        long seed = 20240601;
        Random random = new Random(seed);
        Set<Long> present = new HashSet<>();
        BloomFilterBuilder builder = new BloomFilterBuilder(10);
        while (present.size() < 100_000) {
            long n = random.nextLong();
            if (present.add(n)) {
                builder.addKey(key(n));
            }
        }
        BloomFilter filter = BloomFilter.decode(builder.finish());
        int absent = 0;
        int falsePositives = 0;
        while (absent < 100_000) {
            long n = random.nextLong();
            if (!present.contains(n)) {
                absent++;
                if (filter.mayContain(key(n))) {
                    falsePositives++;
                }
            }
        }
        double rate = falsePositives / (double) absent;
        assertThat(rate).as("false-positive rate with seed %d", seed).isLessThanOrEqualTo(0.01);
        // A filter that always said "maybe" would pass the bound above; this shows it says "no".
        assertThat(falsePositives).isPositive();
    }

    @Test
    void probeCountIsBitsPerKeyTimesLn2ClampedToOneThrough30() throws CorruptionException {
        assertThat(new BloomFilterBuilder(1).probeCount()).isEqualTo(1);
        assertThat(new BloomFilterBuilder(10).probeCount()).isEqualTo(7);
        assertThat(new BloomFilterBuilder(100).probeCount()).isEqualTo(30);
        BloomFilterBuilder builder = new BloomFilterBuilder(10);
        builder.addKey(key(1));
        BloomFilter filter = BloomFilter.decode(builder.finish());
        assertThat(filter.probeCount()).isEqualTo(7);
        assertThat(filter.bitCount()).isEqualTo(BloomFilterBuilder.MIN_BITS);
    }

    @Test
    void emptyFilterContainsNothing() throws CorruptionException {
        BloomFilter filter = BloomFilter.decode(new BloomFilterBuilder(10).finish());
        assertThat(filter.mayContain(key(1))).isFalse();
    }

    @Test
    void bitCountMustMatchTheStoredBits() {
        BloomFilterBuilder builder = new BloomFilterBuilder(10);
        builder.addKey(key(1));
        byte[] encoded = builder.finish();
        encoded[2] = (byte) 200;
        assertThatThrownBy(() -> BloomFilter.decode(encoded))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("bit count");
    }

    @Test
    void badBitsPerKeyIsRejected() {
        assertThatThrownBy(() -> new BloomFilterBuilder(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
