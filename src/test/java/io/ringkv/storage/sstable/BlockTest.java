package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BlockTest {

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomEntriesRoundTripAndAreFoundByBinarySearch() throws CorruptionException {
        long seed = 11;
        Random random = new Random(seed);
        TreeMap<byte[], Entry> model = TestEntries.random(random, 300);
        BlockBuilder builder = new BlockBuilder(4096);
        model.values().forEach(builder::add);
        byte[] raw = builder.finish();
        assertThat(raw).hasSize(builder.estimatedSize());

        Block block = Block.decode(raw);
        assertThat(block.size()).isEqualTo(model.size());
        List<Entry> expected = new ArrayList<>(model.values());
        for (int i = 0; i < expected.size(); i++) {
            Entry e = expected.get(i);
            assertThat(TestEntries.describe(block.entryAt(i)))
                    .as("seed %d entry %d", seed, i)
                    .isEqualTo(TestEntries.describe(e));
            assertThat(TestEntries.describe(block.get(e.key()))).isEqualTo(TestEntries.describe(e));
            assertThat(block.seek(e.key())).isEqualTo(i);
        }
        for (int i = 0; i < 1000; i++) {
            byte[] probe = TestEntries.randomKey(random);
            int expectedIndex = model.headMap(probe, false).size();
            assertThat(block.seek(probe)).as("seed %d", seed).isEqualTo(expectedIndex);
            if (!model.containsKey(probe)) {
                assertThat(block.get(probe)).isNull();
            }
        }
    }

    @Test
    void seekPastTheLastKeyReturnsSize() throws CorruptionException {
        BlockBuilder builder = new BlockBuilder(256);
        builder.add(Entry.put(key("a"), 1, key("1")));
        builder.add(Entry.delete(key("b"), 2));
        Block block = Block.decode(builder.finish());
        assertThat(block.seek(key("c"))).isEqualTo(2);
        assertThat(block.seek(key(""))).isZero();
        assertThat(block.get(key("b")).isTombstone()).isTrue();
    }

    @Test
    void keysOrderAsUnsignedBytes() throws CorruptionException {
        BlockBuilder builder = new BlockBuilder(256);
        builder.add(Entry.put(new byte[] {0x7f}, 1, Entry.EMPTY));
        builder.add(Entry.put(new byte[] {(byte) 0x80}, 2, Entry.EMPTY));
        Block block = Block.decode(builder.finish());
        assertThat(block.get(new byte[] {(byte) 0x80}).sequence()).isEqualTo(2);
    }

    @Test
    void emptyBlockDecodesToNoEntries() throws CorruptionException {
        Block block = Block.decode(new BlockBuilder(64).finish());
        assertThat(block.size()).isZero();
        assertThat(block.get(key("a"))).isNull();
        assertThat(block.seek(key("a"))).isZero();
    }

    @Test
    void finishLeavesTheBuilderUnchangedAndResetEmptiesIt() throws CorruptionException {
        BlockBuilder builder = new BlockBuilder(64);
        builder.add(Entry.put(key("a"), 1, key("x")));
        byte[] first = builder.finish();
        assertThat(builder.finish()).isEqualTo(first);
        builder.reset();
        assertThat(builder.isEmpty()).isTrue();
        builder.add(Entry.put(key("a"), 3, key("y")));
        assertThat(Block.decode(builder.finish()).get(key("a")).sequence()).isEqualTo(3);
    }

    @Test
    void addingAKeyOutOfOrderNamesBothKeys() {
        BlockBuilder builder = new BlockBuilder(64);
        builder.add(Entry.put(key("b"), 1, Entry.EMPTY));
        assertThatThrownBy(() -> builder.add(Entry.put(key("a"), 2, Entry.EMPTY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x61")
                .hasMessageContaining("0x62");
        assertThatThrownBy(() -> builder.add(Entry.put(key("b"), 2, Entry.EMPTY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodeRejectsKeysOutOfOrder() {
        BlockBuilder first = new BlockBuilder(64);
        first.add(Entry.put(key("b"), 1, Entry.EMPTY));
        byte[] b = first.finish();
        // Re-label the single entry's key "b" as "a" and append a second copy with key "a" by hand.
        BlockBuilder two = new BlockBuilder(64);
        two.add(Entry.put(key("a"), 1, Entry.EMPTY));
        two.add(Entry.put(key("b"), 1, Entry.EMPTY));
        byte[] raw = two.finish();
        int secondKey = b.length - 8 + 1; // entry length of "b" entry, plus its key-length byte
        raw[secondKey] = 'a';
        assertThatThrownBy(() -> Block.decode(raw))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("does not sort after");
    }
}
