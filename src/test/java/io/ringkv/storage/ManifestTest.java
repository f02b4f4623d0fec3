package io.ringkv.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ManifestTest {
    @Test
    void roundTrips() throws CorruptionException {
        Manifest m = new Manifest(42, 7, 123_456, List.of(40L, 39L, 12L));
        assertThat(Manifest.decode(m.encode(), "m")).isEqualTo(m);
    }

    @Test
    void aFlippedByteIsReportedWithTheFileName() {
        byte[] bytes = new Manifest(42, 7, 1, List.of(1L)).encode();
        bytes[10] ^= 1;
        assertThatThrownBy(() -> Manifest.decode(bytes, "/db/MANIFEST"))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("/db/MANIFEST");
    }

    @Test
    void arbitraryBytesFailOnlyWithCorruption() {
        long seed = 20261122L;
        Random random = new Random(seed);
        byte[] valid = new Manifest(3, 2, 1, List.of(2L, 1L)).encode();
        for (int i = 0; i < 5000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(80)];
                random.nextBytes(input);
            } else {
                input = valid.clone();
                input[random.nextInt(input.length)] = (byte) random.nextInt();
                if (random.nextBoolean()) {
                    input = java.util.Arrays.copyOf(input, random.nextInt(input.length + 1));
                }
            }
            try {
                Manifest.decode(input, "fuzz");
            } catch (CorruptionException expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                fail("seed " + seed + " case " + i + ": " + e, e);
            }
        }
    }
}
