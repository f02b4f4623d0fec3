package io.ringkv.storage;

import java.io.IOException;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges sorted sources into one stream holding only the newest entry of each key. Sources are
 * given newest first; when two sources hold the same key, the higher sequence wins.
 */
public final class MergingIterator implements EntryIterator {
    private final List<EntryIterator> sources;
    private final PriorityQueue<Head> heap;
    private byte[] lastKey;

    private record Head(Entry entry, EntryIterator source) {}

    public MergingIterator(List<EntryIterator> sources) throws IOException {
        this.sources = List.copyOf(sources);
        this.heap =
                new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> Keys.ENTRY_ORDER.compare(a.entry, b.entry));
        for (EntryIterator source : this.sources) {
            advance(source);
        }
    }

    private void advance(EntryIterator source) throws IOException {
        Entry next = source.next();
        if (next != null) {
            heap.add(new Head(next, source));
        }
    }

    @Override
    public Entry next() throws IOException {
        while (!heap.isEmpty()) {
            Head head = heap.poll();
            advance(head.source);
            if (lastKey != null && Keys.compare(lastKey, head.entry.key()) == 0) {
                continue; // an older version of a key already returned
            }
            lastKey = head.entry.key();
            return head.entry;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (EntryIterator source : sources) {
            try {
                source.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
