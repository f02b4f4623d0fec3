package io.ringkv.membership;

import static io.ringkv.testing.Checksums.withCrc32c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.ringkv.kv.EncodingException;
import io.ringkv.membership.GossipMessage.Ack;
import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Gossip messages survive the wire, and anything that is not one is an EncodingException. */
class GossipCodecTest {
    private static final EndpointState A =
            new EndpointState("a", "10.0.0.1:8080", 1_700_000_000_000L, 42, false, "UP", 7);
    private static final EndpointState B =
            new EndpointState("bé", "[::1]:9000", 3, Long.MAX_VALUE, true, "OUT_OF_SERVICE", -1);

    private static List<GossipMessage> samples() {
        return List.of(
                new Syn("ringkv", "a", List.of()),
                new Syn("ringkv", "a", 3, List.of(new Digest("a", 1, 2), new Digest("b", 3, 4))),
                new Ack("ringkv", "b", List.of(A, B), List.of(new Digest("c", 5, 6))),
                new Ack("ringkv", "b", 4, TestRings.ring(4), List.of(A), List.of(new Digest("c", 5, 6))),
                new Ack("", "", List.of(), List.of()),
                new Ack2("ringkv", "a", List.of(B)),
                new Ack2("ringkv", "a", TestRings.ring(2, 16, "a", "bé"), List.of(B)),
                new Ack2("ringkv", "a", List.of()));
    }

    @Test
    void everyKindOfMessageRoundTrips() throws EncodingException {
        for (GossipMessage m : samples()) {
            assertThat(GossipCodec.decode(GossipCodec.encode(m))).isEqualTo(m);
        }
    }

    @Test
    void layoutStartsWithVersionKindClusterAndSenderAndEndsWithItsChecksum() {
        byte[] bytes = GossipCodec.encode(new Syn("c", "n", 5, List.of()));
        assertThat(bytes).hasSize(21).startsWith(2, 1, 0, 1, 'c', 0, 1, 'n', 0, 0, 0, 0, 0, 0, 0, 5, 0);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        assertThat(stored).isEqualTo((int) crc.getValue());
    }

    @Test
    void anotherVersionOrKindIsRejected() {
        assertThatThrownBy(() -> GossipCodec.decode(withCrc32c(new byte[] {1, 1, 0, 0, 0, 0, 0, 0})))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("version 1");
        assertThatThrownBy(() -> GossipCodec.decode(withCrc32c(new byte[] {2, 9, 0, 0, 0, 0, 0, 0})))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("kind 9");
    }

    @Test
    void trailingBytesAndUnknownFlagsAreRejected() throws EncodingException {
        assertThatThrownBy(() -> GossipCodec.decode(withCrc32c(new byte[] {2, 3, 0, 0, 0, 0, 0, 0, 0})))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("unexpected bytes");
        byte[] ack2 = GossipCodec.encode(new Ack2("", "", List.of(new EndpointState("", "", 0, 0, false, "", 0))));
        byte[] body = java.util.Arrays.copyOf(ack2, ack2.length - 4);
        int flagsAt = 1 + 1 + 2 + 2 + 1 + 1 + 2 + 2 + 8 + 8;
        assertThat(body[flagsAt]).isZero();
        body[flagsAt] = 2;
        assertThatThrownBy(() -> GossipCodec.decode(withCrc32c(body)))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("unknown flags 2");
    }

    @Test
    void aDamagedRingInsideAMessageIsRejectedEvenUnderAValidOuterChecksum() {
        byte[] ack2 = GossipCodec.encode(new Ack2("c", "n", TestRings.ring(3), List.of()));
        byte[] body = java.util.Arrays.copyOf(ack2, ack2.length - 4);
        int ringAt = 1 + 1 + 3 + 3 + 1; // after the varint ring length (one byte here)
        body[ringAt + 5] ^= 1; // inside the ring's version
        assertThatThrownBy(() -> GossipCodec.decode(withCrc32c(body)))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("the ring does not decode")
                .hasMessageContaining("checksum");
    }

    @Test
    void aNegativeRingVersionIsRejected() {
        byte[] syn = GossipCodec.encode(new Syn("c", "n", 1, List.of()));
        byte[] body = java.util.Arrays.copyOf(syn, syn.length - 4);
        body[8] = (byte) 0x80;
        assertThatThrownBy(() -> GossipCodec.decode(withCrc32c(body)))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("ring version")
                .hasMessageContaining("negative");
    }

    @Test
    void aMessageOfTheWrongKindIsRejectedWhereOneKindIsExpected() {
        byte[] syn = GossipCodec.encode(new Syn("c", "n", List.of()));
        assertThatThrownBy(() -> GossipCodec.decode(syn, Ack.class))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("expected a gossip Ack");
    }

    @Test
    void randomAndMutatedBytesFailOnlyWithEncodingException() {
        long seed = 20240611L;
        Random random = new Random(seed);
        List<GossipMessage> samples = samples();
        int decoded = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] bytes;
            int mode = random.nextInt(4);
            if (mode == 0) {
                bytes = new byte[random.nextInt(80)];
                random.nextBytes(bytes);
            } else {
                byte[] valid = GossipCodec.encode(samples.get(random.nextInt(samples.size())));
                bytes = valid.clone();
                if (mode == 1) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                } else if (mode == 2) {
                    bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                } else {
                    // Mutated and re-checksummed, so the mutation reaches the field decoders.
                    byte[] body = java.util.Arrays.copyOf(bytes, bytes.length - 4);
                    for (int k = 1 + random.nextInt(3); k > 0; k--) {
                        body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                    }
                    bytes = withCrc32c(body);
                }
            }
            try {
                GossipCodec.decode(bytes);
                decoded++;
            } catch (EncodingException expected) {
                // the only allowed failure
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + " case " + i + ": " + e, e);
            }
        }
        assertThat(decoded)
                .as("some re-checksummed mutations still decode (seed %d)", seed)
                .isPositive();
    }
}
