package io.ringkv.replica;

import static io.ringkv.replica.ReplicaFixture.after;
import static io.ringkv.replica.ReplicaFixture.blind;
import static io.ringkv.replica.ReplicaFixture.deleteEverything;
import static io.ringkv.replica.ReplicaFixture.text;
import static io.ringkv.replica.ReplicaFixture.utf8;
import static io.ringkv.replica.ReplicaFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.Content;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.KeyCursor;
import io.ringkv.protocol.KeyPage;
import io.ringkv.storage.Keys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaStoreListKeysTest {
    private static final long SEED = 2718L;
    /** Names that are prefixes of each other, so a prefix mistake would mix their keys. */
    private static final List<String> BUCKETS = List.of("a", "ab", "abc", "b");

    private final ReplicaFixture fx = new ReplicaFixture();

    ReplicaStoreListKeysTest() throws IOException {}

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    /** Every page of a listing, following cursors (through their tokens) until there is no next one. */
    private List<KeyPage> pages(String bucket, int limit) throws Exception {
        List<KeyPage> pages = new ArrayList<>();
        KeyCursor cursor = null;
        do {
            KeyPage page = fx.store.listKeys(bucket, cursor, limit);
            assertThat(page.keys()).hasSizeLessThanOrEqualTo(limit);
            pages.add(page);
            cursor = page.next() == null ? null : KeyCursor.parse(page.next().toToken());
            assertThat(pages).as("listing terminates").hasSizeLessThan(10_000);
        } while (cursor != null);
        return pages;
    }

    private List<String> listAll(String bucket, int limit) throws Exception {
        List<String> keys = new ArrayList<>();
        for (KeyPage page : pages(bucket, limit)) {
            page.keys().forEach(k -> keys.add(text(k)));
        }
        return keys;
    }

    /** Writes {@code count} keys spread randomly over {@link #BUCKETS}; returns the keys of each bucket. */
    private Map<String, Set<String>> writeKeys(int count) throws Exception {
        Random random = new Random(SEED);
        Map<String, Set<String>> written = new HashMap<>();
        BUCKETS.forEach(b -> written.put(b, new TreeSet<>()));
        for (int i = 0; i < count; i++) {
            String bucket = BUCKETS.get(random.nextInt(BUCKETS.size()));
            // Keys that start like other buckets' names, to tempt a prefix mistake.
            String key = (random.nextBoolean() ? "c" : "bc") + i;
            fx.store.put(bucket, utf8(key), blind(value("v" + i)));
            written.get(bucket).add(key);
        }
        return written;
    }

    @Test
    void everyKeyOfTheBucketIsListedExactlyOnceAcrossPages() throws Exception {
        Map<String, Set<String>> written = writeKeys(500);
        for (String bucket : BUCKETS) {
            for (int limit : new int[] {1, 7, 1000}) {
                List<String> listed = listAll(bucket, limit);
                assertThat(listed)
                        .as("bucket %s, limit %d (seed %d)", bucket, limit, SEED)
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(written.get(bucket));
            }
        }
        assertThat(listAll("a-bucket-never-written", 10)).isEmpty();
    }

    @Test
    void keysAreListedInPartitionThenKeyOrder() throws Exception {
        writeKeys(200);
        int lastPartition = -1;
        byte[] lastKey = null;
        for (KeyPage page : pages("ab", 9)) {
            for (byte[] key : page.keys()) {
                int partition = fx.partitioner.partitionOf("ab", key);
                assertThat(partition).isGreaterThanOrEqualTo(lastPartition);
                if (partition == lastPartition) {
                    assertThat(Keys.compare(key, lastKey)).isPositive();
                }
                lastPartition = partition;
                lastKey = key;
            }
        }
    }

    @Test
    void deletedAndExpiredKeysAreLeftOut() throws Exception {
        List<String> live = new ArrayList<>();
        long now = fx.clock.millis();
        for (int i = 0; i < 60; i++) {
            String key = "k" + i;
            switch (i % 4) {
                case 0 -> {
                    VersionedObject o = fx.store.put("b", utf8(key), blind(value("v")));
                    fx.store.put("b", utf8(key), after(o.context(), Content.tombstone(Content.NO_EXPIRY)));
                }
                case 1 -> fx.store.put("b", utf8(key), blind(Content.value("t", utf8("v"), now + 500)));
                case 2 -> {
                    fx.store.put("b", utf8(key), blind(value("v")));
                    fx.store.put("b", utf8(key), deleteEverything());
                }
                default -> {
                    fx.store.put("b", utf8(key), blind(value("v")));
                    live.add(key);
                }
            }
        }
        fx.advanceMillis(500);

        assertThat(listAll("b", 4)).containsExactlyInAnyOrderElementsOf(live);
    }

    @Test
    void aKeyWithALiveSiblingBesideATombstoneIsListed() throws Exception {
        fx.store.put("b", utf8("k"), blind(value("v")));
        fx.store.put("b", utf8("k"), blind(Content.tombstone(Content.NO_EXPIRY)));
        assertThat(listAll("b", 10)).containsExactly("k");
    }

    @Test
    void aCursorWhoseKeyWasDeletedBetweenPagesStillContinues() throws Exception {
        Map<String, Set<String>> written = writeKeys(300);
        Set<String> expected = new TreeSet<>(written.get("ab"));
        List<String> listed = new ArrayList<>();
        KeyCursor cursor = null;
        int pages = 0;
        do {
            KeyPage page = fx.store.listKeys("ab", cursor, 5);
            page.keys().forEach(k -> listed.add(text(k)));
            cursor = page.next();
            if (cursor != null && pages++ % 2 == 0) {
                // The key the cursor names goes away before the next page is asked for.
                fx.store.put("ab", cursor.key(), deleteEverything());
            }
        } while (cursor != null);

        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(listAll("ab", 5)).hasSizeLessThan(expected.size());
    }

    @Test
    void keysWrittenBehindTheCursorAreNotListedAgainAndAheadAreFound() throws Exception {
        for (int i = 0; i < 40; i++) {
            fx.store.put("b", utf8("k" + i), blind(value("v")));
        }
        KeyPage first = fx.store.listKeys("b", null, 20);
        // Rewriting a listed key must not make it appear again later in the listing.
        fx.store.put("b", first.keys().get(0), blind(value("again")));
        List<String> rest = new ArrayList<>();
        KeyCursor cursor = first.next();
        while (cursor != null) {
            KeyPage page = fx.store.listKeys("b", cursor, 20);
            page.keys().forEach(k -> rest.add(text(k)));
            cursor = page.next();
        }
        List<String> all =
                new ArrayList<>(first.keys().stream().map(ReplicaFixture::text).toList());
        all.addAll(rest);
        assertThat(all).doesNotHaveDuplicates().hasSize(40);
    }

    @Test
    void aCursorNamingAPartitionTheRingDoesNotHaveIsRefused() {
        KeyCursor beyond = new KeyCursor(fx.partitioner.partitions(), utf8("k"));
        assertThatThrownBy(() -> fx.store.listKeys("b", beyond, 10))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("partition " + fx.partitioner.partitions());
        KeyCursor far = new KeyCursor(65535, utf8("k"));
        assertThatThrownBy(() -> fx.store.listKeys("b", far, 10)).isInstanceOf(EncodingException.class);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> fx.store.listKeys("b", null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyDeletedKeysMayShortenPagesButPagingFindsEveryLiveKey() throws Exception {
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String key = "k" + i;
            fx.store.put("b", utf8(key), blind(value("v")));
            if (i % 40 == 0) {
                live.add(key);
            } else {
                fx.store.put("b", utf8(key), deleteEverything());
            }
        }

        List<KeyPage> pages = pages("b", 3);

        List<String> listed = new ArrayList<>();
        pages.forEach(p -> p.keys().forEach(k -> listed.add(text(k))));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(live);
        assertThat(pages)
                .as("some page stopped early on its budget")
                .anyMatch(p -> p.keys().size() < 3 && p.next() != null);
        // Each page examines at most 30 stored objects, so 400 objects need at least 14 pages.
        assertThat(pages.size()).isGreaterThanOrEqualTo(14);
    }

    @Test
    void theListingIsTheSameAfterReopen() throws Exception {
        writeKeys(300);
        List<String> before = listAll("abc", 6);
        fx.reopen();
        assertThat(listAll("abc", 6)).isEqualTo(before);
    }

    /** One partition's part of a cluster-wide listing: its keys only, in order, resumable. */
    @Test
    void onePartitionsKeysArePagedWithinThePartition() throws Exception {
        for (int i = 0; i < 300; i++) {
            fx.store.put("b", utf8("k" + i), blind(value("v")));
        }
        int partition = fx.partitioner.partitionOf("b", utf8("k0"));
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < 300; i++) {
            if (fx.partitioner.partitionOf("b", utf8("k" + i)) == partition) {
                expected.add("k" + i);
            }
        }
        List<String> listed = new ArrayList<>();
        byte[] after = new byte[0];
        for (int pages = 0; after != null; pages++) {
            assertThat(pages).as("the partition's listing ends").isLessThan(1000);
            KeyPage page = fx.store.listPartitionKeys("b", partition, after, 3);
            assertThat(page.keys()).hasSizeLessThanOrEqualTo(3);
            page.keys().forEach(k -> listed.add(text(k)));
            if (page.next() != null) {
                assertThat(page.next().partition()).isEqualTo(partition);
            }
            after = page.next() == null ? null : page.next().key();
        }

        assertThat(listed).containsExactlyElementsOf(expected);
        assertThatThrownBy(() -> fx.store.listPartitionKeys("b", fx.partitioner.partitions(), new byte[0], 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
