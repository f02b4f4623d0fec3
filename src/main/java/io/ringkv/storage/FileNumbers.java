package io.ringkv.storage;

import java.util.concurrent.atomic.AtomicLong;

/** Hands out table file numbers; the next one is saved in every manifest. */
final class FileNumbers {
    private final AtomicLong next;

    FileNumbers(long next) {
        this.next = new AtomicLong(next);
    }

    long next() {
        return next.getAndIncrement();
    }

    long peek() {
        return next.get();
    }
}
