package io.ringkv.cli;

/** What {@code ringkv-admin} exits with, for scripts (see docs/admin.md). */
public final class ExitCodes {
    /** The command did what it was asked and the cluster is as it should be. */
    public static final int OK = 0;
    /**
     * The node answered with an error, the operation failed, or what was checked is not well (a member
     * down, a replica that did not answer).
     */
    public static final int FAILED = 1;
    /** The command line is wrong: an unknown command or option, a missing or malformed argument. */
    public static final int USAGE = 2;
    /** The node could not be reached, or did not answer in time. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {}
}
