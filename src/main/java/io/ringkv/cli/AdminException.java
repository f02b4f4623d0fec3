package io.ringkv.cli;

/** A command that could not be done: its message names the node and the cause; it exits with {@link #exitCode}. */
public class AdminException extends RuntimeException {
    private final int exitCode;

    public AdminException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public AdminException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
