package io.ringkv.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.EncodingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeChunkCodecTest {
    private static final byte[] K1 = TransferNodes.storageKey(5, "a");
    private static final byte[] K2 = TransferNodes.storageKey(5, "b");

    @Test
    void requestsAndChunksAndSizesComeBackAsSent() throws Exception {
        RangeChunkRequest first = new RangeChunkRequest(5, null, 1 << 20);
        RangeChunkRequest next = new RangeChunkRequest(5, K1, 4096);
        assertThat(RangeChunkCodec.decodeRequest(RangeChunkCodec.encode(first))).isEqualTo(first);
        assertThat(RangeChunkCodec.decodeRequest(RangeChunkCodec.encode(next))).isEqualTo(next);

        RangeChunk chunk = new RangeChunk(
                5,
                12345,
                List.of(new RangeChunk.Entry(K1, new byte[] {1, 2}), new RangeChunk.Entry(K2, new byte[300])),
                true);
        assertThat(RangeChunkCodec.decodeChunk(RangeChunkCodec.encode(chunk))).isEqualTo(chunk);
        RangeChunk last = new RangeChunk(5, 0, List.of(), false);
        assertThat(RangeChunkCodec.decodeChunk(RangeChunkCodec.encode(last))).isEqualTo(last);

        List<RangeSize> sizes = List.of(new RangeSize(0, 3, 300), new RangeSize(7, 1, 1L << 40));
        assertThat(RangeChunkCodec.decodeSizes(RangeChunkCodec.encodeSizes(sizes)))
                .isEqualTo(sizes);
    }

    @Test
    void everyFlippedBitIsRefused() {
        byte[] bytes = RangeChunkCodec.encode(
                new RangeChunk(5, 0, List.of(new RangeChunk.Entry(K1, new byte[] {9, 9, 9})), false));
        for (int i = 0; i < bytes.length * 8; i++) {
            byte[] bad = bytes.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> RangeChunkCodec.decodeChunk(bad)).isInstanceOf(EncodingException.class);
        }
    }

    @Test
    void keysOutsideTheRangeOrOutOfOrderAreRefused() {
        byte[] other = TransferNodes.storageKey(6, "a");
        assertThatThrownBy(() -> RangeChunkCodec.decodeChunk(chunk(5, K1, other)))
                .hasMessageContaining("outside range 5");
        assertThatThrownBy(() -> RangeChunkCodec.decodeChunk(chunk(5, K2, K1)))
                .hasMessageContaining("not strictly ascending");
        assertThatThrownBy(() -> RangeChunkCodec.decodeChunk(chunk(5, K1, K1)))
                .hasMessageContaining("not strictly ascending");
        assertThatThrownBy(
                        () -> RangeChunkCodec.decodeRequest(RangeChunkCodec.encode(new RangeChunkRequest(6, K1, 10))))
                .hasMessageContaining("outside range 6");
    }

    @Test
    void anotherVersionOrKindOrTrailingBytesAreRefused() {
        byte[] request = RangeChunkCodec.encode(new RangeChunkRequest(1, null, 10));
        assertThatThrownBy(() -> RangeChunkCodec.decodeChunk(request)).hasMessageContaining("kind");
        byte[] v2 = request.clone();
        v2[0] = 2;
        assertThatThrownBy(() -> RangeChunkCodec.decodeRequest(v2)).hasMessageContaining("version 2");
        ByteWriter out = new ByteWriter(16);
        out.u8(1);
        out.u8(1);
        out.u16(1);
        out.u32(10);
        out.u8(0);
        out.u8(0); // one byte too many
        out.crc32c();
        assertThatThrownBy(() -> RangeChunkCodec.decodeRequest(out.toByteArray()))
                .hasMessageContaining("trailing");
        ByteWriter zero = new ByteWriter(16);
        zero.u8(1);
        zero.u8(1);
        zero.u16(1);
        zero.u32(0);
        zero.u8(0);
        zero.crc32c();
        assertThatThrownBy(() -> RangeChunkCodec.decodeRequest(zero.toByteArray()))
                .hasMessageContaining("budget");
    }

    /** A chunk's bytes with the given keys, written by hand (the record would not take them). */
    private static byte[] chunk(int range, byte[]... keys) {
        ByteWriter out = new ByteWriter(64);
        out.u8(1);
        out.u8(2);
        out.u16(range);
        out.i64(0);
        out.varint(keys.length);
        for (byte[] k : keys) {
            out.varint(k.length);
            out.raw(k);
            out.varint(1);
            out.raw(new byte[] {7});
        }
        out.u8(0);
        out.crc32c();
        return out.toByteArray();
    }
}
