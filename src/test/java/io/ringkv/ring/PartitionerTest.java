package io.ringkv.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionerTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -2, -1, 0, 3, 6, 100, 65535, 65537, 1 << 17, 1 << 30})
    void countsThatAreNotPowersOfTwoUpTo65536AreRefused(int partitions) {
        assertThatThrownBy(() -> new Partitioner(partitions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(partitions));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 256, 1024, 65536})
    void powersOfTwoUpTo65536AreAccepted(int partitions) {
        assertThat(new Partitioner(partitions).partitions()).isEqualTo(partitions);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8, 256, 65536})
    void everyPartitionIsInRange(int partitions) {
        long seed = 11L * partitions;
        Random random = new Random(seed);
        Partitioner partitioner = new Partitioner(partitions);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(20)];
            random.nextBytes(key);
            int p = partitioner.partitionOf("b" + random.nextInt(5), key);
            assertThat(p).as("seed %d", seed).isBetween(0, partitions - 1);
        }
        assertThat(partitioner.partitionOfHash(0L)).isZero();
        assertThat(partitioner.partitionOfHash(-1L)).isEqualTo(partitions - 1);
        assertThat(partitioner.partitionOfHash(Long.MIN_VALUE)).isEqualTo(partitions / 2);
    }

    @Test
    void partitionIsTheTopBitsOfTheHash() {
        Partitioner partitioner = new Partitioner(256);
        long hash = Partitioner.hash("bucket", utf8("key"));
        assertThat(partitioner.partitionOf("bucket", utf8("key"))).isEqualTo((int) (hash >>> 56));
    }

    @Test
    void keysSpreadEvenlyOverPartitions() {
        long seed = 20240601L;
        Random random = new Random(seed);
        int partitions = 256;
        int keys = 100_000;
        Partitioner partitioner = new Partitioner(partitions);
        int[] counts = new int[partitions];
        for (int i = 0; i < keys; i++) {
            byte[] key = new byte[8 + random.nextInt(16)];
            random.nextBytes(key);
            counts[partitioner.partitionOf("bucket-" + random.nextInt(10), key)]++;
        }
        double mean = (double) keys / partitions;
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int c : counts) {
            max = Math.max(max, c);
            min = Math.min(min, c);
        }
        System.out.printf(
                "partition spread (seed %d): min %d, max %d, mean %.1f, max/mean %.3f%n",
                seed, min, max, mean, max / mean);
        assertThat(min).as("seed %d", seed).isGreaterThanOrEqualTo((int) Math.floor(mean * 0.75));
        assertThat(max).as("seed %d", seed).isLessThanOrEqualTo((int) Math.ceil(mean * 1.25));
    }

    @Test
    void sequentialKeysSpreadToo() {
        Partitioner partitioner = new Partitioner(64);
        int[] counts = new int[64];
        for (int i = 0; i < 64_000; i++) {
            counts[partitioner.partitionOf("b", utf8("user:" + i))]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(750, 1250);
        }
    }

    @Test
    void theSameKeyAlwaysMapsToTheSamePartition() {
        Partitioner a = new Partitioner(1024);
        Partitioner b = new Partitioner(1024);
        Random random = new Random(5);
        for (int i = 0; i < 1000; i++) {
            byte[] key = new byte[random.nextInt(30)];
            random.nextBytes(key);
            int first = a.partitionOf("bucket", key);
            assertThat(a.partitionOf("bucket", key.clone())).isEqualTo(first);
            assertThat(b.partitionOf("bucket", key)).isEqualTo(first);
            assertThat(Partitioner.hash("bucket", key)).isEqualTo(Partitioner.hash("bucket", key.clone()));
        }
    }

    @Test
    void aSmallerRingGroupsTheLargerRingsPartitions() {
        Partitioner small = new Partitioner(16);
        Partitioner large = new Partitioner(4096);
        Random random = new Random(9);
        for (int i = 0; i < 2000; i++) {
            byte[] key = new byte[12];
            random.nextBytes(key);
            assertThat(small.partitionOf("b", key)).isEqualTo(large.partitionOf("b", key) / 256);
        }
    }

    @Test
    void bucketAndKeyBoundariesDoNotCollide() {
        assertThat(Partitioner.hash("ab", utf8("c"))).isNotEqualTo(Partitioner.hash("a", utf8("bc")));
        assertThat(Partitioner.hash("", utf8("abc"))).isNotEqualTo(Partitioner.hash("abc", new byte[0]));
        assertThat(Partitioner.hash("a", utf8("bc"))).isNotEqualTo(Partitioner.hash("", utf8("abc")));
        // A bucket whose bytes look like a length prefix cannot imitate another pair either.
        assertThat(Partitioner.hash("\u0001", utf8("x"))).isNotEqualTo(Partitioner.hash("", utf8("\u0001x")));
    }

    @Test
    void theOnePartitionRingHoldsEverything() {
        Partitioner partitioner = new Partitioner(1);
        assertThat(partitioner.partitionOfHash(-1L)).isZero();
        assertThat(partitioner.partitionOfHash(Long.MAX_VALUE)).isZero();
        assertThat(partitioner.partitionOf("b", utf8("k"))).isZero();
    }
}
