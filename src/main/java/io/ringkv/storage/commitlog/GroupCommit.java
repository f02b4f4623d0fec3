package io.ringkv.storage.commitlog;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Lets concurrent writers share one fsync. The first writer to arrive while no sync runs leads
 * the next one; the others sleep until a sync covers their record and are all woken at once.
 * (Waiting on the I/O lock instead would wake them one by one, each behind the next leader's
 * fsync.)
 */
final class GroupCommit {
    /** The leader's work: make everything written so far durable. */
    @FunctionalInterface
    interface Sync {
        void run() throws IOException;
    }

    /** Throws when the log has failed, so that waiting writers give up. */
    @FunctionalInterface
    interface FailureCheck {
        void throwIfFailed() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    private final LongSupplier durableEnd;
    private final FailureCheck failureCheck;
    private boolean leaderActive; // guarded by lock

    /** @param durableEnd the log position up to which bytes are durable */
    GroupCommit(LongSupplier durableEnd, FailureCheck failureCheck) {
        this.durableEnd = durableEnd;
        this.failureCheck = failureCheck;
    }

    /** Returns once the log is durable up to {@code end}, running {@code sync} if this writer leads. */
    void awaitDurable(long end, Sync sync) throws IOException {
        if (durableEnd.getAsLong() >= end) {
            return;
        }
        lock.lock();
        try {
            while (true) {
                if (durableEnd.getAsLong() >= end) {
                    return; // a previous leader's fsync covered this record
                }
                failureCheck.throwIfFailed();
                if (!leaderActive) {
                    leaderActive = true;
                    break;
                }
                synced.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        try {
            sync.run();
        } finally {
            lock.lock();
            try {
                leaderActive = false;
                synced.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
