package io.ringkv.storage.commitlog;

import io.ringkv.port.FileIO;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    /** Ids of the segments in {@code dir} with id at least {@code fromSegmentId}, ascending. */
    static List<Long> list(FileIO io, Path dir, long fromSegmentId) throws IOException {
        List<String> names;
        try {
            names = io.list(dir);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            long id = SegmentNames.parse(name);
            if (id >= 0 && id >= fromSegmentId) {
                ids.add(id);
            }
        }
        Collections.sort(ids);
        return ids;
    }
}
