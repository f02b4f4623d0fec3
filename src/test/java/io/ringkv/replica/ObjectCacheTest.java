package io.ringkv.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Metrics;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.SystemClock;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica store's object cache answers exactly what the engine holds: after writes, deletes and
 * expiry, and under concurrent readers and writers with a cache so small that it evicts all the time.
 */
class ObjectCacheTest {
    private static final String BUCKET = "b";

    @TempDir
    Path dir;

    private static byte[] key(int i) {
        return ("k" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static WriteRequest write(VersionVector seen, String value, long expiresAt) {
        return new WriteRequest(
                seen,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), expiresAt),
                false,
                ConflictResolution.SIBLINGS);
    }

    @Test
    void hitsAnswerTheWrittenObjectAndExpiryAndDeletionAsTheEngineDoes() throws Exception {
        try (ReplicaFixture fixture = new ReplicaFixture()) {
            ReplicaStore store = fixture.store;
            VersionedObject written = store.put(BUCKET, key(1), write(VersionVector.EMPTY, "v1", Content.NO_EXPIRY));

            assertThat(store.get(BUCKET, key(1))).isEqualTo(written);
            assertThat(store.get(BUCKET, key(1))).isEqualTo(written);
            assertThat(fixture.metrics.count("ringkv.replica.object.cache", "result", "hit"))
                    .isGreaterThanOrEqualTo(2);

            long expiresAt = fixture.clock.millis() + 1_000;
            store.put(BUCKET, key(2), write(VersionVector.EMPTY, "short-lived", expiresAt));
            assertThat(store.get(BUCKET, key(2)).siblings()).hasSize(1);
            fixture.advanceMillis(1_000);
            assertThat(store.get(BUCKET, key(2))).isEqualTo(VersionedObject.ABSENT);

            VersionedObject tombstone = store.put(
                    BUCKET,
                    key(1),
                    new WriteRequest(
                            written.context(),
                            Content.tombstone(Content.NO_EXPIRY),
                            false,
                            ConflictResolution.SIBLINGS));
            assertThat(store.get(BUCKET, key(1))).isEqualTo(tombstone);

            fixture.reopen();
            assertThat(fixture.store.get(BUCKET, key(1))).isEqualTo(tombstone);
            assertThat(fixture.store.get(BUCKET, key(2))).isEqualTo(VersionedObject.ABSENT);
        }
    }

    @Test
    void aReadThatRacedAWriteNeverLeavesTheOlderObjectEvenWhenTheWrittenOneWasEvicted() {
        ObjectCache cache = new ObjectCache(1 << 20, Metrics.noop());
        byte[] k = key(1);
        VersionedObject older = VersionedObject.ABSENT;
        VersionedObject newer = VersionedObject.ABSENT.update(
                "n1",
                VersionVector.EMPTY,
                Content.value("text/plain", new byte[] {1}, 0),
                1,
                ConflictResolution.SIBLINGS);

        long generation = cache.generation(k); // a read misses and reads the engine: the older object
        cache.written(k, newer); // a write lands meanwhile and is cached
        cache.forget(k); // then the cache lets it go (eviction)
        cache.offer(k, generation, older); // the read offers what it read

        assertThat(cache.get(k)).as("the older object must not be cached").isNull();
        long later = cache.generation(k);
        cache.offer(k, later, newer);
        assertThat(cache.get(k)).isEqualTo(newer);
        cache.offer(k, later, older);
        assertThat(cache.get(k)).as("an offer never replaces what is cached").isEqualTo(newer);
    }

    @Test
    void underConcurrentWritesAndReadsWithConstantEvictionNoReadGoesBackAndTheCacheEndsEqualToTheEngine()
            throws Exception {
        int writers = 3;
        int keys = 3 * writers;
        int readers = 3;
        int writesPerWriter = 600;
        try (ExecutorScheduler scheduler = new ExecutorScheduler("cache-test", 1)) {
            StorageEngine engine = StorageEngine.open(
                    StorageOptions.builder(dir).syncPolicy(SyncPolicy.NONE).build(),
                    new StorageEnvironment(ChannelFileIO.INSTANCE, SystemClock.INSTANCE, scheduler, Metrics.noop()));
            try {
                BucketCatalog catalog = BucketCatalog.load(engine, BucketProps.DEFAULTS);
                RecordingMetrics metrics = new RecordingMetrics();
                // About two objects fit: nearly every offer and write evicts another key.
                ReplicaStore cached = new ReplicaStore(
                        engine,
                        catalog,
                        new Partitioner(16),
                        "n1",
                        new Hlc(SystemClock.INSTANCE),
                        SystemClock.INSTANCE,
                        ReplicaLimits.DEFAULTS,
                        600,
                        metrics);
                ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
                AtomicBoolean writing = new AtomicBoolean(true);
                CountDownLatch done = new CountDownLatch(writers);
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    threads.add(new Thread(() -> {
                        try {
                            for (int i = 0; i < writesPerWriter; i++) {
                                // Each key has one writer (no siblings), and every reader.
                                int k = writer + writers * (i % (keys / writers));
                                VersionedObject current = cached.get(BUCKET, key(k));
                                cached.put(BUCKET, key(k), write(current.context(), "w" + writer + "-" + i, 0));
                            }
                        } catch (Exception e) {
                            problems.add("writer " + writer + ": " + e);
                        } finally {
                            done.countDown();
                        }
                    }));
                }
                for (int r = 0; r < readers; r++) {
                    int reader = r;
                    threads.add(new Thread(() -> {
                        Map<Integer, VersionVector> seen = new HashMap<>();
                        try {
                            while (writing.get()) {
                                for (int k = 0; k < keys; k++) {
                                    VersionVector now =
                                            cached.get(BUCKET, key(k)).context();
                                    VersionVector before = seen.getOrDefault(k, VersionVector.EMPTY);
                                    if (!now.descends(before)) {
                                        problems.add("reader " + reader + " went back on k" + k + ": " + before
                                                + " then " + now);
                                    }
                                    seen.put(k, now);
                                }
                            }
                        } catch (Exception e) {
                            problems.add("reader " + reader + ": " + e);
                        }
                    }));
                }
                threads.forEach(Thread::start);
                assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
                writing.set(false);
                for (Thread thread : threads) {
                    thread.join(10_000);
                }

                assertThat(problems).isEmpty();
                ReplicaStore uncached = new ReplicaStore(
                        engine,
                        catalog,
                        new Partitioner(16),
                        "n1",
                        new Hlc(SystemClock.INSTANCE),
                        SystemClock.INSTANCE,
                        ReplicaLimits.DEFAULTS,
                        0,
                        Metrics.noop());
                for (int k = 0; k < keys; k++) {
                    assertThat(cached.get(BUCKET, key(k))).as("k%d", k).isEqualTo(uncached.get(BUCKET, key(k)));
                }
                assertThat(metrics.count("ringkv.replica.object.cache", "result", "hit"))
                        .as("the cache was used")
                        .isPositive();
            } finally {
                engine.close();
            }
        }
    }
}
