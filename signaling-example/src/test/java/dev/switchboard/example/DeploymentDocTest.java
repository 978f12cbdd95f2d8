package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/deployment.md, docs/performance.md and docs/cluster.md show only tested code: every Java and XML block on
 * those pages appears, line for line (ignoring indentation), in one of the project's test sources.
 */
class DeploymentDocTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();

    @Test
    void everyCodeBlockOfTheDeploymentPageIsInATest() throws IOException {
        assertEveryBlockIsInATest("docs/deployment.md", 4);
    }

    @Test
    void everyCodeBlockOfThePerformancePageIsInATest() throws IOException {
        assertEveryBlockIsInATest("docs/performance.md", 2);
    }

    @Test
    void everyCodeBlockOfTheClusterPageIsInATest() throws IOException {
        assertEveryBlockIsInATest("docs/cluster.md", 2);
    }

    private static void assertEveryBlockIsInATest(String page, int atLeast) throws IOException {
        List<List<String>> blocks = blocks(Files.readAllLines(ROOT.resolve(page), StandardCharsets.UTF_8));
        assertThat(blocks).as(page).hasSizeGreaterThanOrEqualTo(atLeast);
        List<List<String>> sources = testSources();
        for (List<String> block : blocks) {
            assertThat(sources.stream().anyMatch(source -> containsInOrder(source, block)))
                    .as("a test source containing:%n%s", String.join("\n", block))
                    .isTrue();
        }
    }

    private static List<List<String>> blocks(List<String> lines) {
        List<List<String>> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i);
            if (fence.equals("```java") || (fence.equals("```xml") && lines.get(i + 1).contains("<Context>"))) {
                List<String> block = new ArrayList<>();
                for (i++; !lines.get(i).equals("```"); i++) {
                    if (!lines.get(i).isBlank()) {
                        block.add(lines.get(i).trim());
                    }
                }
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static List<List<String>> testSources() throws IOException {
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String path = file.toString();
                if (path.endsWith(".java") && path.contains("/src/test/java/") && !path.contains("/target/")) {
                    sources.add(Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim).toList());
                }
            }
        }
        return sources;
    }

    /** Whether {@code block} occurs in {@code source} as consecutive non-blank lines. */
    private static boolean containsInOrder(List<String> source, List<String> block) {
        List<String> lines = source.stream().filter(line -> !line.isBlank()).toList();
        for (int start = 0; start + block.size() <= lines.size(); start++) {
            if (lines.subList(start, start + block.size()).equals(block)) {
                return true;
            }
        }
        return false;
    }
}
