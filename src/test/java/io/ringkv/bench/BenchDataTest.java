package io.ringkv.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class BenchDataTest {

    @Test
    void keysAreSixteenBytesAndSortUnsignedInIndexOrder() {
        long[] indexes = {0, 1, 255, 256, 70_000, 999_999, Integer.MAX_VALUE};
        for (int i = 0; i < indexes.length; i++) {
            byte[] key = BenchData.key(indexes[i]);
            assertThat(key).hasSize(BenchData.KEY_BYTES);
            assertThat(BenchData.index(key)).isEqualTo(indexes[i]);
            if (i > 0) {
                assertThat(Arrays.compareUnsigned(BenchData.key(indexes[i - 1]), key))
                        .isNegative();
            }
        }
    }

    @Test
    void valuesAreHalfRandomAndRepeatedSoTheyCompressToAboutHalf() {
        BenchData data = new BenchData(1);
        byte[] value = data.value(42);
        assertThat(value).hasSize(BenchData.VALUE_BYTES);
        assertThat(Arrays.copyOfRange(value, 0, 50)).isEqualTo(Arrays.copyOfRange(value, 50, 100));
        assertThat(data.isValueOf(42, value)).isTrue();
        assertThat(data.isValueOf(43, value)).isFalse();

        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) {
            block.writeBytes(data.value(i));
        }
        double ratio = (double) deflatedSize(block.toByteArray()) / block.size();
        assertThat(ratio).as("compressed/raw").isBetween(0.45, 0.65);
    }

    @Test
    void valueArraysAreFreshSoEnginesMayKeepThem() {
        BenchData data = new BenchData(1);
        assertThat(data.value(5)).isNotSameAs(data.value(5)).isEqualTo(data.value(5));
    }

    @Test
    void permutationHoldsEveryIndexOnceAndDependsOnlyOnTheSeed() {
        int[] a = BenchData.permutation(1_000, 3);
        assertThat(Arrays.stream(a).sorted().toArray())
                .isEqualTo(IntStream.range(0, 1_000).toArray());
        assertThat(BenchData.permutation(1_000, 3)).isEqualTo(a);
        assertThat(BenchData.permutation(1_000, 4)).isNotEqualTo(a);
    }

    private static int deflatedSize(byte[] bytes) {
        Deflater deflater = new Deflater();
        deflater.setInput(bytes);
        deflater.finish();
        byte[] out = new byte[bytes.length * 2];
        int size = deflater.deflate(out);
        deflater.end();
        return size;
    }
}
