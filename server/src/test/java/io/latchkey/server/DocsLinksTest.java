package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The docs hold together without a server: every relative link of README.md and docs/*.md reaches a file that
 * exists and, when it names an anchor, a heading of that file; and the README stays a newcomer's first page (short,
 * opening with the quick start's two commands).
 */
class DocsLinksTest {

    private static final int README_MAX_LINES = 200;

    /** An inline link or image: {@code [text](target)} or {@code [text](target "title")}. */
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
    private static final Pattern HEADING_LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");

    private final Path root = Path.of(System.getProperty("latchkey.reactor.dir", "..")).toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkOfTheDocsReachesAFileAndHeading() throws IOException {
        List<Path> docs = docs();
        assertTrue(docs.size() > 1, "no docs found under " + root);
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path doc : docs) {
            int lineNumber = 0;
            for (String line : proseLines(Files.readAllLines(doc))) {
                lineNumber++;
                if (line == null) {
                    continue;
                }
                Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
                while (link.find()) {
                    String problem = check(doc, link.group(1), anchorsByFile);
                    if (problem != null) {
                        broken.add(root.relativize(doc) + ":" + lineNumber + ": " + link.group(1) + " (" + problem + ")");
                    }
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links in the docs:\n" + String.join("\n", broken));
    }

    @Test
    void readmeIsShortAndOpensWithTheQuickStartCommands() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("README.md"));
        assertTrue(lines.size() <= README_MAX_LINES,
                "README.md has " + lines.size() + " lines; at most " + README_MAX_LINES + ": move detail to docs/");
        List<String> prose = proseLines(lines);
        int first = -1;
        for (int i = 0; i < prose.size() && first < 0; i++) {
            if (prose.get(i) != null && prose.get(i).startsWith("## ")) {
                first = i;
            }
        }
        assertTrue(first >= 0, "README.md has no ## section");
        assertEquals("## Quick start", prose.get(first), "the README's first ## section");
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (block == null && prose.get(i) != null && prose.get(i).startsWith("## ")) {
                break;
            }
            if (block == null && line.startsWith("```bash")) {
                block = new StringBuilder();
            } else if (block != null && line.startsWith("```")) {
                blocks.add(block.toString().strip());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        assertEquals(List.of("./latchkey.sh", "mvn -B clean verify"), blocks,
                "the quick start's bash blocks: the run command, then the test command");
    }

    private List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        // Each top-level folder's README (deploy/, realm-export/, modules): readers reach them from the docs.
        try (Stream<Path> folders = Files.list(root)) {
            folders.filter(Files::isDirectory).map(f -> f.resolve("README.md")).filter(Files::isRegularFile).sorted()
                    .forEach(docs::add);
        }
        return docs;
    }

    /** Why a link target is broken, or null when it is fine or not ours to check (absolute URLs, mail). */
    private String check(Path doc, String target, Map<Path, Set<String>> anchorsByFile) throws IOException {
        String lower = target.toLowerCase(Locale.ROOT);
        if (target.isEmpty() || lower.startsWith("http://") || lower.startsWith("https://")
                || lower.startsWith("mailto:")) {
            return null;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor == null) {
            return null;
        }
        if (!resolved.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        Set<String> anchors = anchorsByFile.computeIfAbsent(resolved, DocsLinksTest::anchorsOf);
        return anchors.contains(anchor) ? null : "no heading with that anchor";
    }

    private static Set<String> anchorsOf(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + markdown, e);
        }
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(lines)) {
            Matcher heading = line == null ? null : HEADING.matcher(line);
            if (heading != null && heading.matches()) {
                String slug = slug(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /**
     * GitHub's heading anchor: the heading's text (link text kept, link targets dropped) in lower case, without
     * punctuation other than {@code -} and {@code _}, spaces turned into {@code -}.
     */
    static String slug(String heading) {
        String text = HEADING_LINK.matcher(heading).replaceAll("$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    /** The lines with those inside fenced code blocks (and the fences) replaced by null, keeping line numbers. */
    private static List<String> proseLines(List<String> lines) {
        List<String> prose = new ArrayList<>(lines.size());
        String fence = null;
        for (String line : lines) {
            Matcher opening = FENCE.matcher(line);
            if (fence == null && opening.find()) {
                fence = opening.group(1);
                prose.add(null);
            } else if (fence != null) {
                if (line.strip().startsWith(fence)) {
                    fence = null;
                }
                prose.add(null);
            } else {
                prose.add(line);
            }
        }
        return prose;
    }
}
