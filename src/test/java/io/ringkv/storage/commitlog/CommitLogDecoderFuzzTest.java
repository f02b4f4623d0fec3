package io.ringkv.storage.commitlog;

import static io.ringkv.storage.commitlog.LogFixtures.randomBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ringkv.port.Metrics;
import io.ringkv.sim.SimFileIO;
import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Decoders fed random and mutated bytes throw CorruptionException and nothing else. */
class CommitLogDecoderFuzzTest {
    private static final long SEED = 0xC0FFEE;
    private static final int CASES = 5000;

    @FunctionalInterface
    private interface Decoder {
        void decode(byte[] bytes) throws IOException;
    }

    private static void expectOnlyCorruption(Decoder decoder, byte[] bytes, String context) {
        try {
            decoder.decode(bytes);
        } catch (CorruptionException expected) {
            assertThat(expected.getMessage()).as(context).isNotBlank();
        } catch (Throwable other) {
            fail(context + " threw " + other + " for " + Arrays.toString(bytes), other);
        }
    }

    private static byte[] validRecord(Random random) {
        RecordBuffer buffer = new RecordBuffer();
        List<Entry> batch = randomBatch(random, 5, 40);
        buffer.appendRecord(1 + random.nextInt(1000), batch, RecordFormat.payloadSize(batch));
        ByteBuffer contents = buffer.contents();
        byte[] bytes = new byte[contents.remaining()];
        contents.get(bytes);
        return bytes;
    }

    /** Flips, drops or adds bytes; half the time re-seals the checksum so the payload parser is reached. */
    private static byte[] mutate(byte[] valid, Random random, int checksumAt, int checksummedFrom, boolean record) {
        byte[] b = valid.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
            default -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        if (random.nextBoolean() && b.length >= checksumAt + 4) {
            CRC32C crc = new CRC32C();
            if (record) {
                int payload = Math.min(Bytes.getInt(b, 0), b.length - 8);
                crc.update(b, 0, 4);
                if (payload > 0) {
                    crc.update(b, 8, payload);
                }
            } else {
                crc.update(b, checksummedFrom, checksumAt - checksummedFrom);
            }
            Bytes.putInt(b, checksumAt, (int) crc.getValue());
        }
        return b;
    }

    @Test
    void recordDecoderThrowsOnlyCorruptionForArbitraryBytes() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = LogFixtures.bytes(random, random.nextInt(120));
            expectOnlyCorruption(b -> RecordDecoder.decode(b, 0, b.length), bytes, "seed " + SEED + " case " + i);
        }
    }

    @Test
    void recordDecoderThrowsOnlyCorruptionForMutatedRecords() throws CorruptionException {
        Random random = new Random(SEED);
        int decodedIntact = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] valid = validRecord(random);
            assertThat(RecordDecoder.decode(valid, 0, valid.length).frameLength())
                    .isEqualTo(valid.length);
            byte[] mutated = mutate(valid, random, 4, 0, /* record= */ true);
            try {
                RecordDecoder.decode(mutated, 0, mutated.length);
                decodedIntact++;
            } catch (CorruptionException expected) {
                // the point of the test
            } catch (RuntimeException other) {
                fail("seed " + SEED + " case " + i + " threw " + other, other);
            }
        }
        assertThat(decodedIntact).isLessThan(CASES);
    }

    @Test
    void headerDecoderThrowsOnlyCorruptionForArbitraryAndMutatedBytes() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = random.nextBoolean()
                    ? LogFixtures.bytes(random, random.nextInt(40))
                    : mutate(SegmentHeader.encode(random.nextLong() >>> 1), random, 13, 0, /* record= */ false);
            expectOnlyCorruption(b -> SegmentHeader.decode(b, 0, b.length), bytes, "seed " + SEED + " case " + i);
        }
    }

    @Test
    void replayOfGarbageSegmentsThrowsOnlyCorruptionOrRecovers() {
        Random random = new Random(SEED);
        Path dir = Path.of("/data/commitlog");
        for (int i = 0; i < 500; i++) {
            SimFileIO io = new SimFileIO();
            byte[] content = random.nextBoolean()
                    ? LogFixtures.bytes(random, random.nextInt(200))
                    : concat(
                            SegmentHeader.encode(1),
                            mutate(validRecord(random), random, 4, 0, true),
                            validRecord(random));
            boolean salvage = random.nextBoolean();
            expectOnlyCorruption(
                    b -> {
                        io.createDirectories(dir);
                        try (var file = io.create(SegmentNames.path(dir, 1))) {
                            file.append(ByteBuffer.wrap(b));
                        }
                        CommitLog.replay(io, dir, 0, salvage, Metrics.noop(), (s, e) -> {});
                    },
                    content,
                    "seed " + SEED + " case " + i);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
