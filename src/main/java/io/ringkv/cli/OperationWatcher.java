package io.ringkv.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Follows operations at a node until they end, polling every interval: on a terminal the progress bars
 * are redrawn in place; otherwise a line is printed whenever an operation's progress changes; with
 * {@code --json} each poll's answer is printed as one line. Its exit code: 1 when a followed operation
 * failed, else 0.
 */
final class OperationWatcher {
    private final NodeCommand command;
    private final NodeClient node;
    private final Duration interval;
    private final boolean terminal;
    private final Map<String, String> lastLine = new LinkedHashMap<>();
    private int linesDrawn;

    OperationWatcher(NodeCommand command, NodeClient node, Duration interval, boolean terminal) {
        this.command = command;
        this.node = node;
        this.interval = interval;
        this.terminal = terminal && !command.json();
    }

    /** Follows one operation until it is done or failed. */
    int follow(String id) {
        String path = "/v1/admin/operations/" + NodeClient.segment(id);
        while (true) {
            JsonNode op = node.get(path);
            show(List.of(op));
            if (finished(op)) {
                return end(List.of(op));
            }
            pause();
        }
    }

    /** Follows every operation unfinished at the node (those that start meanwhile too) until all have ended. */
    int followAll() {
        Map<String, JsonNode> followed = new LinkedHashMap<>();
        while (true) {
            JsonNode all = node.get("/v1/admin/operations");
            boolean anyUnfinished = false;
            for (JsonNode op : all.path("operations")) {
                String id = op.path("id").asString();
                if (followed.containsKey(id) || !finished(op)) {
                    followed.put(id, op);
                    anyUnfinished |= !finished(op);
                }
            }
            if (command.json()) {
                command.jsonLine(all);
            } else {
                show(new ArrayList<>(followed.values()));
            }
            if (!anyUnfinished) {
                if (followed.isEmpty() && !command.json()) {
                    command.out().println("no operation is running at " + node.node());
                    command.out().flush();
                }
                return end(new ArrayList<>(followed.values()));
            }
            pause();
        }
    }

    static boolean finished(JsonNode op) {
        String state = op.path("state").asString().toLowerCase(java.util.Locale.ROOT);
        return state.equals("done") || state.equals("failed") || state.equals("cancelled");
    }

    private void show(List<JsonNode> ops) {
        PrintWriter out = command.out();
        if (command.json()) {
            if (ops.size() == 1) {
                command.jsonLine(ops.get(0));
            }
            return;
        }
        if (terminal) {
            if (linesDrawn > 0) {
                out.print("\033[" + linesDrawn + "F");
            }
            for (JsonNode op : ops) {
                out.print("\033[2K" + ProgressBar.line(op) + "\n");
            }
            linesDrawn = ops.size();
        } else {
            for (JsonNode op : ops) {
                String line = ProgressBar.line(op);
                if (!line.equals(lastLine.put(op.path("id").asString(), line))) {
                    out.println(line);
                }
            }
        }
        out.flush();
    }

    private int end(List<JsonNode> ops) {
        int exit = ExitCodes.OK;
        for (JsonNode op : ops) {
            if (op.path("state").asString().equalsIgnoreCase("failed")) {
                exit = ExitCodes.FAILED;
                if (!command.json()) {
                    command.err()
                            .println("ringkv-admin " + command.spec.name() + ": " + node.node() + ": operation "
                                    + op.path("id").asString() + " failed: "
                                    + op.path("error").asString());
                    command.err().flush();
                }
            }
        }
        return exit;
    }

    private void pause() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(ExitCodes.FAILED, "interrupted while following operations at " + node.node());
        }
    }
}
