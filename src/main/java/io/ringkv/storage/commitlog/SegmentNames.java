package io.ringkv.storage.commitlog;

import java.nio.file.Path;
import java.util.Locale;

/** The file names of commit log segments: {@code commitlog-<20-digit id>.log}. */
final class SegmentNames {
    private static final String PREFIX = "commitlog-";
    private static final String SUFFIX = ".log";
    private static final int DIGITS = 20;

    private SegmentNames() {}

    static String fileName(long segmentId) {
        return String.format(Locale.ROOT, PREFIX + "%020d" + SUFFIX, segmentId);
    }

    static Path path(Path dir, long segmentId) {
        return dir.resolve(fileName(segmentId));
    }

    /** The segment id a file name stands for, or -1 if the name is not a segment's. */
    static long parse(String name) {
        if (name.length() != PREFIX.length() + DIGITS + SUFFIX.length()
                || !name.startsWith(PREFIX)
                || !name.endsWith(SUFFIX)) {
            return -1;
        }
        long id = 0;
        for (int i = PREFIX.length(); i < PREFIX.length() + DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
            if (id < 0) {
                return -1;
            }
        }
        return id;
    }
}
