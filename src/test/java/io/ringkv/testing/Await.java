package io.ringkv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

/** Test helper: polls a condition of real nodes until it holds, failing with its name at a deadline. */
public final class Await {
    private Await() {}

    /** A condition that may throw (an HTTP call, say). */
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Polls every 50 ms for at most {@code seconds}. */
    public static void until(String what, long seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.holds()) {
            assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
