package io.ringkv.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A command that asks one node: it runs with a {@link NodeClient} and answers an exit code; a failure
 * is printed as one line naming the node and the cause (on stderr; with {@code --json} also as a JSON
 * object on stdout) and exits with its {@link AdminException#exitCode}.
 */
abstract class NodeCommand implements Callable<Integer> {
    @Mixin
    NodeOptions options;

    @Spec
    CommandSpec spec;

    @ParentCommand
    AdminCli parent;

    /** Does the command's work; answers its exit code. */
    abstract int run(NodeClient node);

    @Override
    public final Integer call() {
        try {
            return run(options.client());
        } catch (AdminException e) {
            err().println("ringkv-admin " + spec.name() + ": " + e.getMessage());
            err().flush();
            if (options.json) {
                ObjectNode error = NodeClient.JSON.createObjectNode();
                error.put("node", options.node);
                error.put("command", spec.name());
                error.put("exitCode", e.exitCode());
                error.put("error", e.getMessage());
                json(NodeClient.JSON.createObjectNode().set("error", error));
            }
            return e.exitCode();
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean terminal() {
        return parent != null && parent.terminal();
    }

    boolean json() {
        return options.json;
    }

    /** Prints {@code node} as indented JSON. */
    void json(JsonNode node) {
        out().println(NodeClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        out().flush();
    }

    /** Prints {@code node} as JSON on one line (a stream of states while following). */
    void jsonLine(JsonNode node) {
        out().println(NodeClient.JSON.writeValueAsString(node));
        out().flush();
    }
}
