import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * ROUNDS times: a key cached on node B is revoked on node A, and B is polled until it refuses it (see
 * 10-revocations.sh).
 */
public class RevocationRounds {
    static final String A = ClusterClient.A;
    static final String B = ClusterClient.B;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        String steady = create("steady")[0];
        int warmFailures = 0, stale = 0, timeouts = 0, unrelatedFailures = 0;
        if (verifyOnB(steady) != 200) {
            unrelatedFailures++;
        }
        List<Long> staleness = new ArrayList<>();
        List<Long> refusedBy = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String[] created = create("round-" + round);
            // Twice: the first loads the key into B's cache, the second is served from it.
            if (verifyOnB(created[0]) != 200 || verifyOnB(created[0]) != 200) {
                warmFailures++;
                continue;
            }
            int revoked = ClusterClient.send("POST", A + "/admin/realms/latchkey/api-keys/keys/" + created[1] + "/revoke", ClusterClient.adminToken(),
                    null).statusCode();
            if (revoked != 200) {
                throw new IllegalStateException("revoke answered " + revoked);
            }
            long revokedAt = System.nanoTime();
            long sent = revokedAt;
            while (verifyOnB(created[0]) == 200) {
                stale++;
                sent = System.nanoTime();
                if (sent - revokedAt > 5_000_000_000L) {
                    timeouts++;
                    break;
                }
            }
            staleness.add((sent - revokedAt) / 1_000);
            refusedBy.add((System.nanoTime() - revokedAt) / 1_000);
            if (verifyOnB(steady) != 200) {
                unrelatedFailures++;
            }
        }
        System.out.printf("measured=%d warm_failures=%d stale=%d timeouts=%d unrelated_failures=%d%n",
                staleness.size(), warmFailures, stale, timeouts, unrelatedFailures);
        print("stale", staleness);
        print("refused", refusedBy);
    }

    static void print(String name, List<Long> micros) {
        Collections.sort(micros);
        int n = micros.size();
        System.out.printf("%s_p50_us=%d %s_p99_us=%d %s_max_us=%d%n", name, micros.get((n - 1) / 2), name,
                micros.get((int) Math.ceil(n * 0.99) - 1), name, micros.get(n - 1));
    }

    static String[] create(String name) throws Exception {
        return ClusterClient.createKey(name, "offline_access");
    }

    static int verifyOnB(String key) throws Exception {
        return ClusterClient.verify(B, key);
    }
}
