import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keys cached on both nodes, revoked on either while their cluster traffic is cut, and each node polled until it
 * refuses them; then the heal, and the same with the cluster's events back (see 30-partition.sh). It runs the cut and
 * the heal itself (bash -c cut_cluster / heal_cluster), so every time it measures is on one clock.
 */
public class PartitionRounds {
    static final String A = ClusterClient.A;
    static final String B = ClusterClient.B;
    static final String[] NODES = {A, B};
    static String revoker;
    static long boundNanos;

    public static void main(String[] args) throws Exception {
        long partitionNanos = Long.parseLong(args[0]) * 1_000_000_000L;
        boundNanos = Long.parseLong(args[1]) * 1_000_000L;
        // Up to 40 revocations during the partition, 20 probes of two after the heal, 20 measured after.
        int pool = 100;
        List<String[]> keys = new ArrayList<>();
        for (int i = 0; i < pool; i++) {
            keys.add(create("partition-" + i));
        }
        String[] steady = create("partition-steady");
        revoker = ClusterClient.createKey("partition-revoker", "latchkey:keys:manage")[0];
        int warmFailures = 0;
        for (String[] key : keys) {
            for (String node : NODES) {
                // Twice: the first loads the key into the node's cache, the second is served from it.
                if (verify(node, key[0]) != 200 || verify(node, key[0]) != 200) {
                    warmFailures++;
                }
            }
        }
        for (String node : NODES) {
            verify(node, steady[0]);
            verify(node, revoker);
        }
        System.out.printf("warm_failures=%d%n", warmFailures);

        // --- the partition -------------------------------------------------------------------------------------
        shell("cut_cluster");
        long cutAt = System.nanoTime();
        boolean cut = !reachable(17800) && !reachable(17801);
        System.out.printf("cut=%s%n", cut);
        Rounds during = new Rounds();
        int next = 0;
        while (System.nanoTime() - cutAt < partitionNanos - 2_000_000_000L && next < 40) {
            long roundStart = System.nanoTime();
            String revokeOn = next % 2 == 0 ? A : B;
            during.round(keys.get(next++), revokeOn, steady[0]);
            // Spread over the whole partition, not spent in its first seconds.
            long rest = 650_000_000L - (System.nanoTime() - roundStart);
            if (rest > 0) {
                Thread.sleep(rest / 1_000_000);
            }
        }
        long sleep = partitionNanos - (System.nanoTime() - cutAt);
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000);
        }
        // Still cut at the end: the proxies did not come back by themselves.
        boolean stillCut = !reachable(17800) && !reachable(17801);
        shell("heal_cluster");
        long healedAt = System.nanoTime();
        System.out.printf("still_cut_at_end=%s partition_ms=%d%n", stillCut, (healedAt - cutAt) / 1_000_000);
        during.print("during");

        // --- after the heal: wait until events flow again, then measure them ------------------------------------
        long eventsBack = -1;
        int probes = 0;
        int fast = 0;
        while (System.nanoTime() - healedAt < 120_000_000_000L && next < pool - 20) {
            probes++;
            Rounds probe = new Rounds();
            probe.round(keys.get(next++), A, steady[0]);
            probe.round(keys.get(next++), B, steady[0]);
            fast = probe.otherNodeMax() < 100_000_000L ? fast + 1 : 0;
            if (fast == 3) {
                eventsBack = (System.nanoTime() - healedAt) / 1_000_000;
                break;
            }
            Thread.sleep(2000);
        }
        System.out.printf("events_back_after_heal_ms=%d probes=%d%n", eventsBack, probes);
        Rounds after = new Rounds();
        for (int i = 0; i < 20 && next < pool; i++) {
            after.round(keys.get(next++), i % 2 == 0 ? A : B, steady[0]);
        }
        after.print("after");
    }

    /** Revocations and what each node answered for the revoked key afterwards. */
    static final class Rounds {
        int rounds, staleAccepts, timeouts, steadyFailures, revokeFailures;
        long slowestRevokeNanos;
        /** Per round and node: revoke answered -> first refused verify sent, on the node that did not revoke. */
        final List<Long> otherNode = new ArrayList<>();
        final List<Long> anyNode = new ArrayList<>();
        /** The same from the revoke's request: also counts the time the revoke took to commit and answer. */
        final List<Long> otherNodeFromSent = new ArrayList<>();

        void round(String[] key, String revokeOn, String steady) throws Exception {
            rounds++;
            long sent = System.nanoTime();
            int status = ClusterClient.send("POST", revokeOn + "/realms/latchkey/api-keys/keys/" + key[1] + "/revoke", revoker, null)
                    .statusCode();
            long answered = System.nanoTime();
            slowestRevokeNanos = Math.max(slowestRevokeNanos, answered - sent);
            if (status != 200) {
                revokeFailures++;
                System.out.printf("revoke on %s answered %d%n", revokeOn, status);
                return;
            }
            long[] firstRefusal = {-1, -1};
            long[] firstRefusalFromSent = {-1, -1};
            while (firstRefusal[0] < 0 || firstRefusal[1] < 0) {
                for (int n = 0; n < 2; n++) {
                    if (firstRefusal[n] >= 0) {
                        continue;
                    }
                    long verifySent = System.nanoTime();
                    int answer = verify(NODES[n], key[0]);
                    if (answer == 200) {
                        // The node answered after verifySent, and the revoke had committed before `answered`.
                        if (verifySent - answered > boundNanos) {
                            staleAccepts++;
                        }
                    } else {
                        firstRefusal[n] = verifySent - answered;
                        firstRefusalFromSent[n] = verifySent - sent;
                    }
                }
                if (System.nanoTime() - answered > 5_000_000_000L) {
                    timeouts++;
                    break;
                }
            }
            for (int n = 0; n < 2; n++) {
                if (firstRefusal[n] >= 0) {
                    anyNode.add(Math.max(0, firstRefusal[n]));
                    if (!NODES[n].equals(revokeOn)) {
                        otherNode.add(Math.max(0, firstRefusal[n]));
                        otherNodeFromSent.add(firstRefusalFromSent[n]);
                    }
                }
            }
            for (String node : NODES) {
                if (verify(node, steady) != 200) {
                    steadyFailures++;
                }
            }
        }

        long otherNodeMax() {
            return otherNode.isEmpty() ? Long.MAX_VALUE : Collections.max(otherNode);
        }

        void print(String name) {
            List<Long> sorted = new ArrayList<>(otherNode);
            Collections.sort(sorted);
            int n = sorted.size();
            System.out.printf("%s_rounds=%d %s_measured=%d %s_stale_accepts=%d %s_timeouts=%d %s_steady_failures=%d"
                    + " %s_revoke_failures=%d %s_slowest_revoke_ms=%d%n", name, rounds, name, n, name, staleAccepts,
                    name, timeouts, name, steadyFailures, name, revokeFailures, name, slowestRevokeNanos / 1_000_000);
            if (n > 0) {
                List<Long> fromSent = new ArrayList<>(otherNodeFromSent);
                Collections.sort(fromSent);
                System.out.printf("%s_p50_ms=%d %s_max_ms=%d %s_any_node_max_ms=%d %s_from_sent_p50_ms=%d"
                        + " %s_from_sent_max_ms=%d%n", name, sorted.get((n - 1) / 2) / 1_000_000, name,
                        sorted.get(n - 1) / 1_000_000, name, Collections.max(anyNode) / 1_000_000, name,
                        fromSent.get((n - 1) / 2) / 1_000_000, name, fromSent.get(n - 1) / 1_000_000);
            }
        }
    }

    static boolean reachable(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    static void shell(String function) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", function).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(function + " failed");
        }
    }

    static String[] create(String name) throws Exception {
        return ClusterClient.createKey(name, "offline_access");
    }


    static int verify(String node, String key) throws Exception {
        return ClusterClient.verify(node, key);
    }
}
