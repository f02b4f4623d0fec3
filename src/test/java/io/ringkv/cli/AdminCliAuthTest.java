package io.ringkv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin command line against a node with client keys: it sends the key it is given, and only then gets in. */
class AdminCliAuthTest {
    private static final String ADMIN_KEY = "admin-key-for-the-cli-test-0123";
    private static final String READER_KEY = "reader-key-for-the-cli-test-0123";

    @TempDir
    static Path dir;

    static TestNode node;
    static String address;

    @BeforeAll
    static void start() {
        node = TestNode.start(
                dir,
                "--ringkv.ring.partitions=64",
                "--ringkv.repair.enabled=false",
                "--ringkv.security.clients[0].name=ops",
                "--ringkv.security.clients[0].key=" + ADMIN_KEY,
                "--ringkv.security.clients[0].roles=admin",
                "--ringkv.security.clients[1].name=app",
                "--ringkv.security.clients[1].key=" + READER_KEY,
                "--ringkv.security.clients[1].roles=read:*");
        address = node.url("").substring("http://".length());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    record Run(int exit, String out, String err) {}

    static Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AdminCli.run(false, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void withoutAKeyTheNodesRefusalIsNamedAndExitsOne() {
        Run run = admin("operations", "--node", address);
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains(address).contains("401");
    }

    @Test
    void aKeyWithoutTheAdminRoleIsForbidden() {
        Run run = admin("operations", "--node", address, "--api-key", READER_KEY);
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("403");
    }

    @Test
    void theAdminKeyGetsIn() {
        Run run = admin("operations", "--node", address, "--api-key", ADMIN_KEY, "--json");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    }
}
