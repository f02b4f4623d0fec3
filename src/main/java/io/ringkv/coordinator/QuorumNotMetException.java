package io.ringkv.coordinator;

import java.util.List;

/** Too few replicas answered in time; the message names each replica that did not, and why. */
public final class QuorumNotMetException extends Exception {
    private final List<ReplicaFailure> failures;

    public QuorumNotMetException(String operation, int needed, int got, List<ReplicaFailure> failures) {
        super(operation + " needed " + needed + " replica" + (needed == 1 ? "" : "s") + ", got " + got
                + (failures.isEmpty() ? "" : "; " + failures));
        this.failures = List.copyOf(failures);
    }

    public List<ReplicaFailure> failures() {
        return failures;
    }
}
