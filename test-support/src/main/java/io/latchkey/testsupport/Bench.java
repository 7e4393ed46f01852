package io.latchkey.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A small load client for the benchmarks: the same HTTP client the tests use, against the same server, with the
 * compared requests interleaved so drift (JIT, GC, the other core) hits both sides alike. It reports; it never
 * asserts on time.
 */
public final class Bench {

    private final Map<String, Supplier<HttpRequest>> cases = new LinkedHashMap<>();
    private final StringBuilder report = new StringBuilder();

    public Bench add(String name, Supplier<HttpRequest> request) {
        cases.put(name, request);
        return this;
    }

    /** Sequential latency: {@code rounds} interleaved rounds, each sending every case once. */
    public Map<String, long[]> latencies(int warmup, int rounds) {
        Map<String, long[]> nanos = new LinkedHashMap<>();
        cases.keySet().forEach(name -> nanos.put(name, new long[rounds]));
        for (int i = 0; i < warmup + rounds; i++) {
            for (Map.Entry<String, Supplier<HttpRequest>> c : cases.entrySet()) {
                long start = System.nanoTime();
                expectOk(Http.send(c.getValue().get()));
                long took = System.nanoTime() - start;
                if (i >= warmup) {
                    nanos.get(c.getKey())[i - warmup] = took;
                }
            }
        }
        nanos.values().forEach(Arrays::sort);
        return nanos;
    }

    /** Requests per second of each case alone with {@code threads} concurrent clients, cases alternating. */
    public Map<String, Double> throughput(int threads, int requestsPerThread, int repeats) {
        Map<String, Double> best = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r < repeats; r++) {
                for (Map.Entry<String, Supplier<HttpRequest>> c : cases.entrySet()) {
                    long start = System.nanoTime();
                    List<Future<?>> futures = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        futures.add(pool.submit(() -> {
                            for (int i = 0; i < requestsPerThread; i++) {
                                expectOk(Http.send(c.getValue().get()));
                            }
                        }));
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                    double rps = threads * (double) requestsPerThread / ((System.nanoTime() - start) / 1e9);
                    best.merge(c.getKey(), rps, Math::max);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        return best;
    }

    /**
     * Runs this bench's two cases (latency: 1000 warm-up and 3000 measured rounds; throughput: 8 clients × 500, best of
     * 3) and writes each case's p50/p99/throughput and the second-to-first ratios to {@code report}.
     */
    public void compareInto(Bench report, String label, String target) {
        Map<String, long[]> latencies = latencies(1000, 3000);
        Map<String, Double> throughput = throughput(8, 500, 3);
        latencies.forEach((name, nanos) -> report.line("%-52s p50 %6.2f ms  p99 %6.2f ms  %8.0f req/s (8 clients)",
                name, percentileMillis(nanos, 50), percentileMillis(nanos, 99), throughput.get(name)));
        List<long[]> both = List.copyOf(latencies.values());
        List<Double> rps = List.copyOf(throughput.values());
        report.line("%s: throughput %.2fx, p50 %.2fx, p99 %.2fx (%s)", label, rps.get(1) / rps.get(0),
                percentileMillis(both.get(1), 50) / percentileMillis(both.get(0), 50),
                percentileMillis(both.get(1), 99) / percentileMillis(both.get(0), 99), target);
    }

    public static double percentileMillis(long[] sortedNanos, double p) {
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    public Bench line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.append(line).append('\n');
        return this;
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, report.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expectOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("benchmark request failed: " + response.statusCode() + " "
                    + response.body());
        }
    }
}
