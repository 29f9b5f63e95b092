package io.touchline.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.touchline.TouchlineApplication;

/**
 * A Touchline node in its own JVM on the nodes' PostgreSQL ({@link NodesDatabase}), with the application's classpath
 * (not the tests'): a test can kill it as an operator's machine dies ({@link Process#destroyForcibly()}).
 */
public final class NodeProcess {

    private NodeProcess() {
    }

    /** Starts node {@code name} with these settings on top of the database's; its log is target/nodes/node-NAME.log. */
    public static Process start(String name, List<String> settings) throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes")).collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", classpath, TouchlineApplication.class.getName()));
        List.of("--spring.main.banner-mode=off",
                "--spring.datasource.url=" + NodesDatabase.url(NodesDatabase.PORT),
                "--spring.datasource.username=" + NodesDatabase.USER,
                "--spring.datasource.password=" + NodesDatabase.PASSWORD,
                "--logging.level.root=warn", "--logging.level.io.touchline.TouchlineApplication=info")
                .forEach(command::add);
        command.addAll(settings);
        Path log = log(name);
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits up to 3 minutes for the node's "Started" line; fails with the log's place if it stops or does not start. */
    public static void awaitStarted(Process node, String name) throws Exception {
        Path log = log(name);
        Instant until = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(until)) {
            if (!node.isAlive()) {
                throw new AssertionError("node " + name + " stopped: see " + log.toAbsolutePath());
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("Started TouchlineApplication")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node " + name + " did not start within 3 minutes: see " + log.toAbsolutePath());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path log(String name) {
        return Path.of("target", "nodes", "node-" + name + ".log");
    }
}
