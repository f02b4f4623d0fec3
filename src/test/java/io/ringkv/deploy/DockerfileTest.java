package io.ringkv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the image promises, read off the Dockerfile: a multi-stage build with the wrapper, a JRE
 * 21+, a non-root user, one data volume, the layered jar, a graceful stop; and its HEALTHCHECK
 * command, run against a real node. (The layout and entrypoint start real nodes in
 * ComposeClusterIT and HelmClusterIT; dockerfilelint runs in .ci/run.)
 */
class DockerfileTest {
    private final DockerfileModel dockerfile;

    DockerfileTest() throws Exception {
        dockerfile = DockerfileModel.read();
    }

    @Test
    void buildsWithTheWrapperAndRunsOnAJre21() {
        List<DockerfileModel.Instruction> froms = dockerfile.all("FROM");
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0).arguments()).endsWith(" AS build");
        String runtime = froms.get(1).arguments();
        assertThat(runtime).startsWith("${").endsWith("}");
        String arg = runtime.substring(2, runtime.length() - 1);
        String image = dockerfile.all("ARG").stream()
                .map(DockerfileModel.Instruction::arguments)
                .filter(a -> a.startsWith(arg + "="))
                .map(a -> a.substring(arg.length() + 1))
                .findFirst()
                .orElseThrow();
        Matcher version = Pattern.compile(":(\\d+)").matcher(image);
        assertThat(version.find()).as(image).isTrue();
        assertThat(Integer.parseInt(version.group(1)))
                .as("the JRE runs virtual threads")
                .isGreaterThanOrEqualTo(21);
        assertThat(image).contains("jre");
        List<String> runs = dockerfile.all("RUN").stream()
                .map(DockerfileModel.Instruction::arguments)
                .toList();
        assertThat(runs).anyMatch(r -> r.startsWith("./mvnw ") && r.contains(" package"));
        assertThat(runs).anyMatch(r -> r.contains("-Djarmode=tools") && r.contains("extract --layers --launcher"));
    }

    @Test
    void copiesTheLayersLeastChangedFirst() {
        List<String> layers = new ArrayList<>();
        Matcher m = Pattern.compile("--from=build /layers/([a-z-]+)/").matcher("");
        for (DockerfileModel.Instruction copy : dockerfile.finalStage().all("COPY")) {
            if (m.reset(copy.arguments()).find()) {
                layers.add(m.group(1));
            }
        }
        assertThat(layers)
                .containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
        // and the dependency layer is made before the sources are copied in the build stage
        List<String> buildSteps = dockerfile.instructions().stream()
                .map(i -> i.keyword() + " " + i.arguments())
                .toList();
        int pomCopy = indexOf(buildSteps, "COPY mvnw pom.xml");
        int srcCopy = indexOf(buildSteps, "COPY src/");
        int resolve = indexOf(buildSteps, "RUN ./mvnw -B -ntp -q dependency:resolve");
        assertThat(pomCopy).isLessThan(resolve);
        assertThat(resolve).isLessThan(srcCopy);
    }

    @Test
    void runsAsAnUnprivilegedUserWithOneDataVolume() {
        DockerfileModel run = dockerfile.finalStage();
        String user = run.all("USER").get(0).arguments();
        assertThat(user.split(":")[0]).isNotIn("root", "0");
        Map<String, String> env = run.environment();
        assertThat(run.all("VOLUME")).hasSize(1);
        assertThat(DockerfileModel.execForm(run.all("VOLUME").get(0).arguments()))
                .containsExactly(env.get("RINGKV_DATA_DIR"));
        assertThat(env.get("MANAGEMENT_METRICS_SYSTEM_DISKSPACE_PATHS")).isEqualTo(env.get("RINGKV_DATA_DIR"));
        assertThat(env.get("JAVA_TOOL_OPTIONS"))
                .contains("-XX:MaxRAMPercentage=")
                .contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(run.all("EXPOSE").get(0).arguments()).isEqualTo(env.get("SERVER_PORT"));
        assertThat(run.all("STOPSIGNAL").get(0).arguments()).isEqualTo("SIGTERM");
        assertThat(run.entrypoint()).containsExactly("java", "org.springframework.boot.loader.launch.JarLauncher");
    }

    @Test
    void sendsTheBuildOnlyWhatItCopies() throws Exception {
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(ignore.get(0)).isEqualTo("*");
        assertThat(ignore).contains("!mvnw", "!pom.xml", "!.mvn/", "!src/").doesNotContain("!target/", "!data/");
    }

    @Test
    void theHealthcheckPassesOnAReadyNodeAndFailsWithoutOne(@TempDir Path dir) throws Exception {
        List<String> command = dockerfile.healthcheck();
        assertThat(String.join(" ", command)).contains("/actuator/health/readiness");
        try (TestNode node = TestNode.start(dir)) {
            int port = Integer.parseInt(node.url("").replaceAll(".*:", ""));
            io.ringkv.testing.Await.until("the healthcheck passes", 30, () -> run(command, port) == 0);
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(run(command, closed)).isNotZero();
    }

    private static int run(List<String> command, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        Process p = builder.start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static int indexOf(List<String> steps, String prefix) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no step " + prefix + " in " + steps);
    }
}
