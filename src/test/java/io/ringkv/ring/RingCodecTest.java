package io.ringkv.ring;

import static io.ringkv.testing.Checksums.withCrc32c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.EncodingException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rings survive the wire and the disk, and anything that is not a ring is an EncodingException. */
class RingCodecTest {

    private static List<Ring> samples() {
        List<NodeInfo> racked =
                List.of(new NodeInfo("a", 1, "r1"), new NodeInfo("b", 2, "r2"), new NodeInfo("cé", 3, "r1"));
        return List.of(
                Claim.claim(null, Rings.equalNodes(1), 1, 3),
                Claim.claim(null, Rings.equalNodes(3), 64, 3),
                Claim.claim(null, Rings.equalNodes(10), 256, 3),
                Claim.claim(null, racked, 128, 3),
                new Ring(Long.MAX_VALUE, List.of(NodeInfo.of("x"), NodeInfo.of("idle")), new String[] {"x", "x"}));
    }

    @Test
    void ringsRoundTripWithVersionMembersWeightsRacksAndOwners() throws EncodingException {
        for (Ring ring : samples()) {
            Ring back = RingCodec.decode(RingCodec.encode(ring));
            assertThat(back).isEqualTo(ring);
            assertThat(back.members()).isEqualTo(ring.members());
            for (int p = 0; p < ring.partitions(); p++) {
                assertThat(back.owner(p)).isEqualTo(ring.owner(p));
            }
        }
    }

    @Test
    void aRingOf256PartitionsOver10NodesTakes424Bytes() {
        byte[] bytes = RingCodec.encode(Claim.claim(null, Rings.equalNodes(10), 256, 3));
        // 14 header bytes, 10 members of 15 (ids n01..n10, rack "default"), 256 one-byte owners, the CRC
        assertThat(bytes.length).isEqualTo(14 + 10 * 15 + 256 + 4);
        assertThat(bytes[0]).isEqualTo((byte) RingCodec.FORMAT_VERSION);
    }

    @Test
    void structuralDamageUnderAValidChecksumIsNamed() {
        assertThatThrownBy(() -> RingCodec.decode(ring(1, 3, List.of("a"), new int[] {0, 0, 0})))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> RingCodec.decode(ring(1, 2, List.of("b", "a"), new int[] {0, 1})))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> RingCodec.decode(ring(1, 2, List.of("a", "a"), new int[] {0, 1})))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> RingCodec.decode(ring(1, 2, List.of("a", "b"), new int[] {0, 2})))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("owner 2 of partition 1");
        assertThatThrownBy(() -> RingCodec.decode(ring(1, 2, List.of(), new int[] {0, 0})))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("no members");
        assertThatThrownBy(() -> RingCodec.decode(ring(-1, 1, List.of("a"), new int[] {0})))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("negative");
        byte[] valid = RingCodec.encode(samples().get(1));
        byte[] other = valid.clone();
        other[0] = 9;
        assertThatThrownBy(() -> RingCodec.decode(withCrc32c(Arrays.copyOf(other, other.length - 4))))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("format version 9");
    }

    @Test
    void randomFlippedTruncatedAndReChecksummedBytesFailOnlyWithEncodingException() {
        long seed = 20261201L;
        Random random = new Random(seed);
        List<Ring> samples = samples();
        int decoded = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] valid = RingCodec.encode(samples.get(random.nextInt(samples.size())));
            byte[] bytes = valid.clone();
            switch (random.nextInt(4)) {
                case 0 -> {
                    bytes = new byte[random.nextInt(120)];
                    random.nextBytes(bytes);
                }
                case 1 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
                default -> {
                    byte[] body = Arrays.copyOf(bytes, bytes.length - 4);
                    for (int k = 1 + random.nextInt(3); k > 0; k--) {
                        body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                    }
                    bytes = withCrc32c(body);
                }
            }
            try {
                RingCodec.decode(bytes);
                decoded++;
            } catch (EncodingException expected) {
                // the only allowed failure
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + " case " + i + ": " + e, e);
            }
        }
        // Re-checksummed changes to an owner index that stays in range are still rings.
        assertThat(decoded).isLessThan(1250);
    }

    /** A ring written field by field, so that invalid ones can be made. */
    private static byte[] ring(long version, int partitions, List<String> members, int[] owners) {
        ByteWriter out = new ByteWriter(64);
        out.u8(RingCodec.FORMAT_VERSION);
        out.i64(version);
        out.u32(partitions);
        out.varint(members.size());
        for (String m : members) {
            out.shortString(m, "id");
            out.varint(1);
            out.shortString("default", "rack");
        }
        for (int o : owners) {
            out.varint(o);
        }
        out.crc32c();
        return out.toByteArray();
    }
}
