package io.ringkv.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * {@code ringkv-admin}: the admin command line. It runs from the node's jar without starting Spring
 * (bin/ringkv-admin) and talks to any node over its REST API. Each command is a class of its own
 * listed here; see docs/admin.md.
 */
@Command(
        name = "ringkv-admin",
        mixinStandardHelpOptions = true,
        versionProvider = AdminCli.Version.class,
        description = "Inspect and operate a ringkv cluster through any of its nodes.",
        footer = {
            "",
            "Every command takes --node HOST:PORT (default: $RINGKV_NODE, else",
            "localhost:8080), --timeout DURATION and --json; COMMAND --help for more.",
            "",
            "Exit codes: 0  ok",
            "            1  the node answered an error, the operation failed, or",
            "               the cluster is not well",
            "            2  bad usage",
            "            3  the node could not be reached or did not answer in time",
            ""
        },
        subcommands = {
            StatusCommand.class,
            MembersCommand.class,
            RingCommand.class,
            DescribeKeyCommand.class,
            RepairCommand.class,
            OperationsCommand.class,
            JoinCommand.class,
            LeaveCommand.class,
            ReplaceCommand.class,
            ForceRemoveCommand.class,
            PlanCommand.class,
            CommitCommand.class,
            ClearCommand.class,
            HelpCommand.class
        })
public final class AdminCli implements Callable<Integer> {
    private final boolean terminal;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    AdminCli(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the output goes to a terminal (progress bars are then redrawn in place). */
    boolean terminal() {
        return terminal;
    }

    /** Without a command: the usage, on stderr. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("ringkv-admin: give a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(System.console() != null, out, err, args));
    }

    /** Runs one command line, printing to {@code out} and {@code err}; answers the exit code. */
    public static int run(boolean terminal, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new AdminCli(terminal));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ringkv-admin " + commandLine.getCommandName() + ": " + e);
            commandLine.getErr().flush();
            return ExitCodes.FAILED;
        });
        int exit = cli.execute(args);
        out.flush();
        err.flush();
        return exit;
    }

    /** The version of the jar it runs from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AdminCli.class.getPackage().getImplementationVersion();
            return new String[] {"ringkv-admin " + (v == null ? "(development build)" : v)};
        }
    }
}
