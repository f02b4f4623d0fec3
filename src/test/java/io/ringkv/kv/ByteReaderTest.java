package io.ringkv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteReaderTest {

    private static ByteReader reader(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return new ByteReader(data, data.length);
    }

    @Test
    void varintsRoundTripUpToTheLargestLong() throws EncodingException {
        for (long value : new long[] {0, 1, 127, 128, 300, 1L << 35, Long.MAX_VALUE}) {
            ByteWriter out = new ByteWriter(0);
            out.varint(value);
            byte[] bytes = out.toByteArray();
            assertThat(new ByteReader(bytes, bytes.length).varint("v")).isEqualTo(value);
        }
    }

    @Test
    void rejectsVarintsBeyondALongOrNotInShortestForm() {
        // 2^63: nine continuation bytes then bit 63.
        assertThatThrownBy(() -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)
                        .varint("v"))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("overflows");
        assertThatThrownBy(() -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)
                        .varint("v"))
                .hasMessageContaining("longer than 10 bytes");
        assertThatThrownBy(() -> reader(0x81, 0x00).varint("v")).hasMessageContaining("shortest form");
        assertThatThrownBy(() -> reader(0x81).varint("v")).hasMessageContaining("truncated varint v at offset 0");
    }

    @Test
    void countsMayNotExceedTheBytesLeft() throws EncodingException {
        assertThat(reader(2, 0, 0).count("n", 1)).isEqualTo(2);
        assertThatThrownBy(() -> reader(3, 0, 0).count("n", 1)).hasMessageContaining("exceeds the 2 bytes left");
        assertThatThrownBy(() -> reader(2, 0, 0).count("n", 2)).hasMessageContaining("exceeds");
    }

    @Test
    void fixedWidthReadsNameTheFieldAndOffsetWhenTruncated() throws EncodingException {
        ByteReader in = reader(1, 2, 3);
        assertThat(in.u16("x")).isEqualTo(0x0102);
        assertThatThrownBy(() -> in.i64("timestamp"))
                .hasMessage("truncated timestamp: needs 8 bytes, 1 left at offset 2");
    }
}
