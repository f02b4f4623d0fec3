package io.ringkv.kv;

import java.util.LinkedHashMap;
import java.util.Map;

/** The version-vector part shared by both formats: {@code varint size, (u16 nodeLen, utf8, varint counter)*}. */
public final class VectorFormat {
    /** The fewest bytes one entry takes: a two-byte length, one byte of name, a one-byte counter. */
    private static final int MIN_ENTRY_BYTES = 4;

    private VectorFormat() {}

    public static void write(ByteWriter out, VersionVector vector) {
        out.varint(vector.size());
        for (Map.Entry<String, Long> entry : vector.entries().entrySet()) {
            out.shortString(entry.getKey(), "node name");
            out.varint(entry.getValue());
        }
    }

    /** Reads a vector whose entries are sorted by node with positive counters, as {@link #write} does. */
    public static VersionVector read(ByteReader in) throws EncodingException {
        int size = in.count("context size", MIN_ENTRY_BYTES);
        Map<String, Long> entries = new LinkedHashMap<>();
        String previous = null;
        for (int i = 0; i < size; i++) {
            int at = in.offset();
            String node = in.shortString("context node name");
            if (node.isEmpty()) {
                throw in.error("context node name is empty", at);
            }
            if (previous != null && previous.compareTo(node) >= 0) {
                throw in.error("context node " + node + " is not after " + previous, at);
            }
            int counterAt = in.offset();
            long counter = in.varint("context counter");
            if (counter < 1) {
                throw in.error("context counter for " + node + " is not positive", counterAt);
            }
            entries.put(node, counter);
            previous = node;
        }
        return VersionVector.of(entries);
    }
}
