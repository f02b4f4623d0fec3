package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.storage.CorruptionException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IndexTest {

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Index threeBlocks() throws CorruptionException {
        IndexBuilder builder = new IndexBuilder();
        builder.add(key("c"), new BlockHandle(0, 100));
        builder.add(key("f"), new BlockHandle(100, 50));
        builder.add(key("k"), new BlockHandle(150, 70));
        return Index.decode(builder.finish());
    }

    @Test
    void handlesAndLastKeysRoundTrip() throws CorruptionException {
        Index index = threeBlocks();
        assertThat(index.blockCount()).isEqualTo(3);
        assertThat(index.lastKey(1)).isEqualTo(key("f"));
        assertThat(index.handle(2)).isEqualTo(new BlockHandle(150, 70));
        assertThat(index.dataEnd()).isEqualTo(220);
    }

    @Test
    void findBlockReturnsTheFirstBlockEndingAtOrAfterTheKey() throws CorruptionException {
        Index index = threeBlocks();
        assertThat(index.findBlock(key("a"))).isZero();
        assertThat(index.findBlock(key("c"))).isZero();
        assertThat(index.findBlock(key("ca"))).isEqualTo(1);
        assertThat(index.findBlock(key("k"))).isEqualTo(2);
        assertThat(index.findBlock(key("ka"))).isEqualTo(-1);
    }

    @Test
    void emptyIndexFindsNothing() throws CorruptionException {
        Index index = Index.decode(new IndexBuilder().finish());
        assertThat(index.blockCount()).isZero();
        assertThat(index.findBlock(key("a"))).isEqualTo(-1);
        assertThat(index.dataEnd()).isZero();
    }

    @Test
    void builderRejectsGapsAndUnorderedKeys() {
        IndexBuilder builder = new IndexBuilder();
        builder.add(key("c"), new BlockHandle(0, 100));
        assertThatThrownBy(() -> builder.add(key("d"), new BlockHandle(101, 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.add(key("b"), new BlockHandle(100, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownVersionIsRejected() {
        byte[] raw = new IndexBuilder().finish();
        raw[0] = 9;
        assertThatThrownBy(() -> Index.decode(raw))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("version 9");
    }
}
