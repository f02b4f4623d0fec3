package io.ringkv.storage.commitlog;

import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Random batches and readable views of entries for commit log tests. */
final class LogFixtures {
    static final long MILLI = 1_000_000;

    private LogFixtures() {}

    static CommitLogOptions options(SyncPolicy sync, long segmentBytes) {
        return new CommitLogOptions(sync, 2 * MILLI, 10 * MILLI, segmentBytes);
    }

    /** A batch of 1..maxEntries entries with random keys, values, tombstones and expiries; sequences 0. */
    static List<Entry> randomBatch(Random random, int maxEntries, int maxValueBytes) {
        int n = 1 + random.nextInt(maxEntries);
        List<Entry> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] key = bytes(random, random.nextInt(17));
            if (random.nextInt(5) == 0) {
                batch.add(Entry.delete(key, 0));
            } else {
                long expiry = random.nextInt(4) == 0 ? 1_700_000_000_000L + random.nextInt(1_000_000) : 0;
                batch.add(new Entry(key, 0, EntryKind.PUT, expiry, bytes(random, random.nextInt(maxValueBytes + 1))));
            }
        }
        return batch;
    }

    static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** The batch as the log numbers it: consecutive sequences from {@code first}. */
    static List<Entry> sequenced(List<Entry> batch, long first) {
        List<Entry> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(batch.get(i).withSequence(first + i));
        }
        return out;
    }

    /** A comparable rendering of records (Entry compares its arrays by identity). */
    static List<String> describe(List<List<Entry>> records) {
        List<String> out = new ArrayList<>();
        for (List<Entry> record : records) {
            StringBuilder sb = new StringBuilder();
            for (Entry e : record) {
                sb.append(e.sequence())
                        .append(':')
                        .append(e.kind())
                        .append(':')
                        .append(Arrays.toString(e.key()))
                        .append(':')
                        .append(e.expiresAtMillis())
                        .append(':')
                        .append(Arrays.toString(e.value()))
                        .append(' ');
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Collects what a replay hands over. */
    static final class Collected implements ReplayConsumer {
        final List<List<Entry>> records = new ArrayList<>();
        final List<Long> segments = new ArrayList<>();

        @Override
        public void accept(long segmentId, List<Entry> entries) {
            records.add(entries);
            segments.add(segmentId);
        }
    }
}
