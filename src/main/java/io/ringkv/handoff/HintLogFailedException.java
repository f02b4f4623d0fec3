package io.ringkv.handoff;

import java.io.IOException;

/**
 * The hint log has stopped taking hints because an append or a force failed: after a failed fsync
 * the kernel may have dropped the dirty pages, and after a partial append the file ends in a
 * damaged record, so nothing more is written behind it. Hints already stored are still handed
 * over; restart the node to take hints again.
 */
public final class HintLogFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public HintLogFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
