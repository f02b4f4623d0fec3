package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.storage.CorruptionException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockCodecTest {

    private static byte[] compressible(int length) {
        byte[] raw = new byte[length];
        for (int i = 0; i < length; i++) {
            raw[i] = (byte) ("abcab".charAt(i % 5));
        }
        return raw;
    }

    @Test
    void compressibleBlockIsStoredAsLz4AndRoundTrips() throws CorruptionException {
        byte[] raw = compressible(4000);
        byte[] stored = BlockCodec.encode(raw, Compression.LZ4);
        assertThat(stored.length).isLessThan(raw.length / 4);
        assertThat(stored[stored.length - BlockCodec.TRAILER_SIZE]).isEqualTo(Compression.LZ4.code());
        assertThat(BlockCodec.decode(stored, "t.sst", 0)).isEqualTo(raw);
    }

    @Test
    void incompressibleBlockIsStoredUncompressedEvenWhenLz4IsAsked() throws CorruptionException {
        byte[] raw = new byte[4000];
        new Random(3).nextBytes(raw);
        byte[] stored = BlockCodec.encode(raw, Compression.LZ4);
        assertThat(stored).hasSize(raw.length + BlockCodec.TRAILER_SIZE);
        assertThat(stored[raw.length]).isEqualTo(Compression.NONE.code());
        assertThat(BlockCodec.decode(stored, "t.sst", 0)).isEqualTo(raw);
    }

    @Test
    void noneStoresThePayloadAsIs() throws CorruptionException {
        byte[] raw = compressible(100);
        byte[] stored = BlockCodec.encode(raw, Compression.NONE);
        assertThat(Arrays.copyOf(stored, raw.length)).isEqualTo(raw);
        assertThat(BlockCodec.decode(stored, "t.sst", 0)).isEqualTo(raw);
        assertThat(BlockCodec.decode(BlockCodec.encode(new byte[0], Compression.LZ4), "t.sst", 0))
                .isEmpty();
    }

    @Test
    void checksumMismatchNamesTheFileAndOffset() {
        byte[] stored = BlockCodec.encode(compressible(500), Compression.LZ4);
        stored[3] ^= 1;
        assertThatThrownBy(() -> BlockCodec.decode(stored, "/data/7.sst", 4096))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("/data/7.sst")
                .hasMessageContaining("4096")
                .hasMessageContaining("checksum");
    }

    @Test
    void everySingleByteFlipIsDetected() {
        byte[] stored = BlockCodec.encode(compressible(300), Compression.LZ4);
        for (int i = 0; i < stored.length; i++) {
            byte[] bad = stored.clone();
            bad[i] ^= 0x5A;
            int at = i;
            assertThatThrownBy(() -> BlockCodec.decode(bad, "t.sst", 0))
                    .as("flip at %d", at)
                    .isInstanceOf(CorruptionException.class);
        }
    }
}
