package io.ringkv.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every command takes: which node to ask, how long to wait, and JSON output. */
public final class NodeOptions {
    @Option(
            names = {"-n", "--node"},
            paramLabel = "HOST:PORT",
            defaultValue = "${env:RINGKV_NODE:-localhost:8080}",
            description = "The node to ask (any node answers for the cluster; default: $RINGKV_NODE, else"
                    + " ${DEFAULT-VALUE})")
    String node;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to wait for each answer (and for the connection): 500ms, 10s, 1m (default:"
                    + " ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            defaultValue = "${env:RINGKV_API_KEY}",
            description = "The client API key to send (Authorization: Bearer), for a node with client keys"
                    + " (see security.md); default: $RINGKV_API_KEY. Prefer the environment variable: a"
                    + " command line is visible to other users of the machine")
    String apiKey;

    @Option(
            names = "--json",
            description = "Print JSON instead of text: the node's answer as it is (one object per line while"
                    + " following an operation)")
    boolean json;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit")
    boolean help;

    NodeClient client() {
        return new NodeClient(node, timeout, apiKey);
    }
}
