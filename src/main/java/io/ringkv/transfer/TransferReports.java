package io.ringkv.transfer;

import io.ringkv.ring.Transfer;

/**
 * Where a node reports that it has received a transfer's range: the claimant, which marks the
 * transfer done in a new ring version. A report may be sent again (until the ring shows it done), so
 * its receiver treats repeats as one.
 */
@FunctionalInterface
public interface TransferReports {
    void done(long startVersion, Transfer transfer);

    /** Reports that go only to the log: for a node with nobody to report to. */
    static TransferReports logging() {
        System.Logger log = System.getLogger(TransferReports.class.getName());
        return (startVersion, transfer) -> log.log(
                System.Logger.Level.INFO,
                "range {0} received from {1} (transition of ring version {2}); not reported to a claimant",
                transfer.range(),
                transfer.rebuild() ? "the other previous replicas" : transfer.from(),
                startVersion);
    }
}
