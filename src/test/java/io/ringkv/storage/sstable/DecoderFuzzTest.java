package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every decoder, fed random and mutated-valid bytes, either decodes or throws CorruptionException. */
class DecoderFuzzTest {
    private static final int CASES = 3000;

    @FunctionalInterface
    private interface Decoder {
        Object decode(byte[] bytes) throws CorruptionException;
    }

    @Test
    void blockDecodeThrowsOnlyCorruption() {
        fuzz(1, Block::decode, seed -> {
            BlockBuilder builder = new BlockBuilder(512);
            TestEntries.random(new Random(seed), 1 + (int) (seed % 20)).values().forEach(builder::add);
            return builder.finish();
        });
    }

    @Test
    void blockCodecDecodeThrowsOnlyCorruption() {
        fuzz(2, bytes -> BlockCodec.decode(bytes, "fuzz.sst", 0), seed -> {
            BlockBuilder builder = new BlockBuilder(512);
            TestEntries.random(new Random(seed), 1 + (int) (seed % 20)).values().forEach(builder::add);
            return BlockCodec.encode(builder.finish(), seed % 2 == 0 ? Compression.LZ4 : Compression.NONE);
        });
    }

    @Test
    void lz4PayloadWithValidChecksumThrowsOnlyCorruption() {
        // Mutate the compressed payload, then re-seal it so the checksum passes and LZ4 sees the damage.
        fuzz(3, bytes -> BlockCodec.decode(reseal(bytes), "fuzz.sst", 0), seed -> {
            byte[] raw = new byte[200 + (int) (seed % 300)];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) (i % 7);
            }
            return BlockCodec.encode(raw, Compression.LZ4);
        });
    }

    @Test
    void indexDecodeThrowsOnlyCorruption() {
        fuzz(4, Index::decode, seed -> {
            IndexBuilder builder = new IndexBuilder();
            long offset = 0;
            for (byte[] key :
                    TestEntries.random(new Random(seed), 1 + (int) (seed % 10)).keySet()) {
                BlockHandle handle = new BlockHandle(offset, 5 + (int) (seed % 100));
                builder.add(key, handle);
                offset = handle.end();
            }
            return builder.finish();
        });
    }

    @Test
    void bloomFilterDecodeThrowsOnlyCorruption() {
        fuzz(5, BloomFilter::decode, seed -> {
            BloomFilterBuilder builder = new BloomFilterBuilder(1 + (int) (seed % 12));
            TestEntries.random(new Random(seed), (int) (seed % 30)).keySet().forEach(builder::addKey);
            return builder.finish();
        });
    }

    @Test
    void metaDecodeThrowsOnlyCorruption() {
        fuzz(6, TableMeta::decode, seed -> {
            TreeMap<byte[], Entry> entries = TestEntries.random(new Random(seed), 2);
            return new TableMeta(
                            seed, seed / 2, entries.firstKey(), entries.lastKey(), seed, seed * 3, seed * 7, seed * 100)
                    .encode();
        });
    }

    @Test
    void footerDecodeThrowsOnlyCorruption() {
        fuzz(7, bytes -> Footer.decode(bytes, 1000 + bytes.length, "fuzz.sst"), seed -> {
            BlockHandle filter = new BlockHandle(seed % 500, 10 + (int) (seed % 50));
            BlockHandle meta = new BlockHandle(filter.end(), 80);
            BlockHandle index = new BlockHandle(meta.end(), (int) (1000 - meta.end()));
            return new Footer(index, filter, meta).encode();
        });
    }

    @Test
    void footerDecodeChecksEveryByte() throws CorruptionException {
        BlockHandle filter = new BlockHandle(100, 20);
        BlockHandle meta = new BlockHandle(120, 30);
        BlockHandle index = new BlockHandle(150, 50);
        byte[] valid = new Footer(index, filter, meta).encode();
        assertThat(Footer.decode(valid, 200 + Footer.SIZE, "t.sst")).isEqualTo(new Footer(index, filter, meta));
        for (int i = 0; i < valid.length; i++) {
            byte[] bad = valid.clone();
            bad[i] ^= 0x01;
            try {
                Footer.decode(bad, 200 + Footer.SIZE, "t.sst");
                fail("flip at " + i + " was not detected");
            } catch (CorruptionException expected) {
                assertThat(expected).hasMessageContaining("t.sst");
            }
        }
    }

    /** Valid samples, each mutated in a few random bytes, plus purely random byte strings. */
    private static void fuzz(long seed, Decoder decoder, java.util.function.LongFunction<byte[]> validSample) {
        Random random = new Random(seed);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            byte[] input;
            switch (i % 4) {
                case 0 -> {
                    input = new byte[random.nextInt(80)];
                    random.nextBytes(input);
                }
                case 1 -> {
                    input = validSample.apply(i).clone();
                    int cut = input.length == 0 ? 0 : random.nextInt(input.length);
                    input = java.util.Arrays.copyOf(input, cut);
                }
                default -> {
                    input = validSample.apply(i).clone();
                    int flips = 1 + random.nextInt(4);
                    for (int f = 0; f < flips && input.length > 0; f++) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
            }
            inputs.add(input);
        }
        for (int i = 0; i < inputs.size(); i++) {
            try {
                decoder.decode(inputs.get(i));
            } catch (CorruptionException expected) {
                // The one allowed failure.
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + seed + " case " + i + " threw " + e, e);
            }
        }
        // A valid sample must decode: otherwise the loop above proves nothing.
        try {
            decoder.decode(validSample.apply(1));
        } catch (CorruptionException e) {
            throw new AssertionError("valid sample rejected: " + e.getMessage(), e);
        }
    }

    private static byte[] reseal(byte[] stored) {
        if (stored.length < BlockCodec.TRAILER_SIZE) {
            return stored;
        }
        int payload = stored.length - BlockCodec.TRAILER_SIZE;
        byte[] copy = stored.clone();
        copy[payload] = Compression.LZ4.code();
        int crc = BlockCodec.crc32c(copy, payload + 1);
        for (int i = 0; i < 4; i++) {
            copy[payload + 1 + i] = (byte) (crc >>> (8 * i));
        }
        return copy;
    }
}
