package io.ringkv.membership;

import io.ringkv.ring.Transfer;

/** Where a receiver reports a transfer it has completed: the claimant, which marks it done. */
public interface TransferReports {

    /**
     * Reports {@code transfer} of the transition that started at ring version {@code startVersion}
     * complete.
     *
     * @throws RuntimeException when the report did not reach the claimant; the caller reports again
     */
    void done(long startVersion, Transfer transfer);
}
