package io.ringkv.storage;

import java.io.IOException;

/**
 * The engine has stopped accepting writes because durability can no longer be promised (for
 * example an fsync failed: after a failed fsync the kernel may have dropped the dirty pages, so
 * retrying it could report success for data that is gone). Restart the node to recover from the
 * commit log.
 */
public final class StorageFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public StorageFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
