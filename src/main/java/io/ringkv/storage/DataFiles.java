package io.ringkv.storage;

import java.nio.file.Path;

/** Names of the engine's table files in its data directory. */
final class DataFiles {
    private static final String TABLE_PREFIX = "table-";
    private static final String TABLE_SUFFIX = ".sst";

    private DataFiles() {}

    static Path table(Path dir, long number) {
        return dir.resolve(String.format("%s%020d%s", TABLE_PREFIX, number, TABLE_SUFFIX));
    }

    /** The number of a table file name, or -1 when the name is not a table's. */
    static long tableNumber(String name) {
        if (!name.startsWith(TABLE_PREFIX) || !name.endsWith(TABLE_SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(TABLE_PREFIX.length(), name.length() - TABLE_SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isTemporary(String name) {
        return name.endsWith(".tmp");
    }
}
