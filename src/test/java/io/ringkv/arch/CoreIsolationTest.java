package io.ringkv.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core (everything but server and cli) runs on ports only, so it can run in the simulation. */
class CoreIsolationTest {
    private static final String[] CORE = {"io.ringkv.."};
    private static final String[] EDGE = {"io.ringkv.server..", "io.ringkv.cli.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ringkv");
    }

    private static com.tngtech.archunit.lang.syntax.elements.ClassesShouldConjunction coreShouldNot(
            java.util.function.Function<
                            com.tngtech.archunit.lang.syntax.elements.ClassesShould,
                            com.tngtech.archunit.lang.syntax.elements.ClassesShouldConjunction>
                    rule) {
        return rule.apply(noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .and()
                .resideOutsideOfPackages(EDGE)
                .should());
    }

    @Test
    void coreDependsOnNoFrameworkAndNoEdgePackage() {
        ArchRule rule = coreShouldNot(should -> should.dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "okhttp3..",
                        "io.micrometer..",
                        "io.ringkv.server..",
                        "io.ringkv.cli.."));
        rule.check(classes);
    }

    @Test
    void coreReadsNoClockDirectly() {
        coreShouldNot(should -> should.callMethod(System.class, "currentTimeMillis")
                        .orShould()
                        .callMethod(System.class, "nanoTime")
                        .orShould()
                        .callMethod(java.time.Instant.class, "now")
                        .orShould()
                        .callMethod(java.time.LocalDateTime.class, "now")
                        .orShould()
                        .callMethod(java.time.Clock.class, "systemUTC"))
                .check(classes);
    }

    @Test
    void coreMakesNoRandomnessThreadsOrSleeps() {
        coreShouldNot(should -> should.callConstructor(java.util.Random.class)
                        .orShould()
                        .callMethod(java.util.concurrent.ThreadLocalRandom.class, "current")
                        .orShould()
                        .callConstructor(java.security.SecureRandom.class)
                        .orShould()
                        .callMethod(Thread.class, "sleep", long.class)
                        .orShould()
                        .callConstructor(Thread.class, Runnable.class)
                        .orShould()
                        .callConstructor(Thread.class, Runnable.class, String.class)
                        .orShould()
                        .accessClassesThat()
                        .haveFullyQualifiedName("java.util.concurrent.Executors"))
                .check(classes);
    }

    @Test
    void coreTouchesNoFileSystemDirectly() {
        coreShouldNot(should -> should.accessClassesThat()
                        .haveFullyQualifiedName("java.io.File")
                        .orShould()
                        .accessClassesThat()
                        .haveFullyQualifiedName("java.nio.file.Files")
                        .orShould()
                        .accessClassesThat()
                        .haveFullyQualifiedName("java.nio.channels.FileChannel")
                        .orShould()
                        .accessClassesThat()
                        .haveFullyQualifiedName("java.io.RandomAccessFile"))
                .check(classes);
    }
}
