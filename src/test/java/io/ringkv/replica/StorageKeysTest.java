package io.ringkv.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.storage.Keys;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StorageKeysTest {
    private static final long SEED = 31337L;
    /** Bytes at the edges of unsigned order, where carries and sign mistakes show. */
    private static final byte[] ALPHABET = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};

    private static byte[] randomKey(Random random, int maxLength) {
        byte[] key = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return key;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** In [from, to), with a null end meaning unbounded. */
    private static boolean inRange(byte[] key, byte[] from, byte[] to) {
        return Keys.compare(key, from) >= 0 && (to == null || Keys.compare(key, to) < 0);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void prefixEndBoundsExactlyTheKeysWithThePrefix() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            byte[] prefix = randomKey(random, 4);
            byte[] key = random.nextBoolean() ? randomKey(random, 6) : concat(prefix, randomKey(random, 3));
            byte[] end = StorageKeys.prefixEnd(prefix);
            assertThat(inRange(key, prefix, end))
                    .as("key %s prefix %s end %s (seed %d)", hex(key), hex(prefix), end == null ? null : hex(end), SEED)
                    .isEqualTo(startsWith(key, prefix));
        }
    }

    @Test
    void prefixEndCarriesOverTrailingFfAndIsNullForAllFf() {
        assertThat(StorageKeys.prefixEnd(new byte[] {1, 2})).containsExactly(1, 3);
        assertThat(StorageKeys.prefixEnd(new byte[] {1, (byte) 0xff, (byte) 0xff}))
                .containsExactly(2);
        assertThat(StorageKeys.prefixEnd(new byte[] {0x7f})).containsExactly(0x80);
        assertThat(StorageKeys.prefixEnd(new byte[] {(byte) 0xff, (byte) 0xff})).isNull();
        assertThat(StorageKeys.prefixEnd(new byte[0])).isNull();
    }

    @Test
    void prefixEndDoesNotChangeItsArgument() {
        byte[] prefix = {1, 2, 3};
        StorageKeys.prefixEnd(prefix);
        assertThat(prefix).containsExactly(1, 2, 3);
    }

    @Test
    void successorIsTheNextKeyInOrder() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = randomKey(random, 4);
            byte[] other = randomKey(random, 5);
            byte[] next = StorageKeys.successor(key);
            assertThat(Keys.compare(next, key)).isPositive();
            if (Keys.compare(other, key) > 0) {
                assertThat(Keys.compare(other, next))
                        .as("%s lies between %s and its successor (seed %d)", hex(other), hex(key), SEED)
                        .isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void aBucketsObjectsInAPartitionAreExactlyItsPrefixRange() {
        Random random = new Random(SEED);
        List<String> buckets = List.of("", "a", "ab", "abc", "b", "a\u00ff", "\u00ff", "é", "a/b");
        int[] partitions = {0, 1, 255, 256, 65535};
        for (int i = 0; i < 20_000; i++) {
            String bucket = buckets.get(random.nextInt(buckets.size()));
            int partition = partitions[random.nextInt(partitions.length)];
            byte[] key = randomKey(random, 5);
            byte[] stored = StorageKeys.object(partition, bucket, key);
            String rangeBucket = buckets.get(random.nextInt(buckets.size()));
            int rangePartition = partitions[random.nextInt(partitions.length)];
            byte[] prefix = StorageKeys.bucketPrefix(rangePartition, rangeBucket);
            boolean same = rangeBucket.equals(bucket) && rangePartition == partition;
            assertThat(inRange(stored, prefix, StorageKeys.prefixEnd(prefix)))
                    .as(
                            "object (%d, %s, %s) in range of (%d, %s)",
                            partition, bucket, hex(key), rangePartition, rangeBucket)
                    .isEqualTo(same);
            assertThat(inRange(stored, StorageKeys.bucketsFrom(), StorageKeys.bucketsTo()))
                    .isFalse();
            if (same) {
                assertThat(StorageKeys.clientKey(stored, prefix.length)).isEqualTo(key);
            }
        }
    }

    @Test
    void bucketAIsNotInBucketAbsRange() {
        byte[] a = StorageKeys.bucketPrefix(7, "a");
        byte[] ab = StorageKeys.object(7, "ab", "c".getBytes(StandardCharsets.UTF_8));
        byte[] aWithKeyBc = StorageKeys.object(7, "a", "bc".getBytes(StandardCharsets.UTF_8));
        assertThat(inRange(ab, a, StorageKeys.prefixEnd(a))).isFalse();
        assertThat(inRange(aWithKeyBc, a, StorageKeys.prefixEnd(a))).isTrue();
        assertThat(ab).isNotEqualTo(aWithKeyBc);
    }

    @Test
    void partitionsAreContiguousAndInOrder() {
        byte[] last = null;
        for (int p = 0; p < 65535; p += 257) {
            byte[] first = StorageKeys.object(p, "zzz", new byte[] {(byte) 0xff, (byte) 0xff});
            byte[] next = StorageKeys.object(p + 1, "", new byte[0]);
            assertThat(Keys.compare(first, next)).isNegative();
            if (last != null) {
                assertThat(Keys.compare(last, first)).isNegative();
            }
            last = next;
        }
    }

    @Test
    void catalogKeysRoundTripAndStayInTheCatalogRange() {
        for (String bucket : List.of("", "a", "ab", "ümlaut", "x".repeat(300))) {
            byte[] key = StorageKeys.bucket(bucket);
            assertThat(StorageKeys.bucketName(key)).isEqualTo(bucket);
            assertThat(inRange(key, StorageKeys.bucketsFrom(), StorageKeys.bucketsTo()))
                    .isTrue();
        }
    }

    @Test
    void bucketNamesLongerThanTheLayoutHoldsAreRefused() {
        assertThat(StorageKeys.bucketPrefix(0, "x".repeat(StorageKeys.MAX_BUCKET_BYTES)))
                .hasSize(4 + StorageKeys.MAX_BUCKET_BYTES);
        assertThatThrownBy(() -> StorageKeys.bucketPrefix(0, "x".repeat(StorageKeys.MAX_BUCKET_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        // Counted in UTF-8 bytes, not characters: 128 two-byte characters are 256 bytes.
        assertThatThrownBy(() -> StorageKeys.object(0, "é".repeat(128), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
