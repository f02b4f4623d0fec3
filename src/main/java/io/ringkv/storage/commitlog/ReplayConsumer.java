package io.ringkv.storage.commitlog;

import io.ringkv.storage.Entry;
import java.io.IOException;
import java.util.List;

/** Receives the records of a commit log replay, each one whole, in log order. */
@FunctionalInterface
public interface ReplayConsumer {

    /** Takes one record's entries (sequences assigned) read from segment {@code segmentId}. */
    void accept(long segmentId, List<Entry> entries) throws IOException;
}
