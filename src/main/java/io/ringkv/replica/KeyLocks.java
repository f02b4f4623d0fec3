package io.ringkv.replica;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks that make a key's read-modify-write atomic on this replica. Keys that share a stripe
 * wait for each other; with 1024 stripes that is rare, and every write holds its stripe only for one
 * engine write.
 */
final class KeyLocks {
    private final ReentrantLock[] stripes;

    KeyLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock lockFor(byte[] storageKey) {
        return stripes[Math.floorMod(Arrays.hashCode(storageKey), stripes.length)];
    }
}
