package io.ringkv.server.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An executor that starts a virtual thread per task, on a JVM that has them (Java 21 and later);
 * none on Java 17, for which the project is built. Looked up reflectively for that reason.
 */
public final class VirtualThreads {
    private VirtualThreads() {}

    public static Optional<ExecutorService> perTaskExecutor() {
        try {
            var handle = MethodHandles.publicLookup()
                    .findStatic(
                            Executors.class,
                            "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class));
            return Optional.of((ExecutorService) handle.invoke());
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return Optional.empty();
        } catch (Throwable e) {
            throw new IllegalStateException("could not make a virtual thread executor", e);
        }
    }
}
