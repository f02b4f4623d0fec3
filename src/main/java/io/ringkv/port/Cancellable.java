package io.ringkv.port;

/** A handle to scheduled work. */
@FunctionalInterface
public interface Cancellable {

    /** Stops the work from running again; work already running finishes. */
    void cancel();
}
