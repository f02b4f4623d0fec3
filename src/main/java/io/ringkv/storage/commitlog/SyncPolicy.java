package io.ringkv.storage.commitlog;

import java.util.Locale;

/** When the commit log forces its bytes to disk, and so when a write is acknowledged. */
public enum SyncPolicy {
    /** Acknowledge after fsync; concurrent writers share one fsync (group commit). */
    ALWAYS,
    /** Wait up to the sync window for more writers, fsync once for all, then acknowledge. */
    BATCH,
    /** Acknowledge after write(2); fsync every sync period. A power cut loses up to one period. */
    PERIODIC,
    /** Acknowledge after write(2); never fsync the log (segments are still forced when sealed). */
    NONE;

    /** Parses the setting's value ({@code always}, {@code batch}, {@code periodic}, {@code none}). */
    public static SyncPolicy parse(String value) {
        for (SyncPolicy p : values()) {
            if (p.name().equalsIgnoreCase(value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown commit log sync policy '" + value + "': expected always, batch, periodic or none");
    }

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
