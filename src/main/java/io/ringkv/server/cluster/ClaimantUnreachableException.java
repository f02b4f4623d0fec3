package io.ringkv.server.cluster;

/** The claimant, to which cluster changes go, could not be reached; names it. */
public final class ClaimantUnreachableException extends RuntimeException {
    private final String claimant;

    public ClaimantUnreachableException(String claimant, String why) {
        super("the claimant " + claimant + " cannot be reached (" + why + "); cluster changes wait for it");
        this.claimant = claimant;
    }

    public String claimant() {
        return claimant;
    }
}
