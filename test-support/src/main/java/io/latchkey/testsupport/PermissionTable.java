package io.latchkey.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A principal × operation table, run against the real server: each principal's credential is presented to each
 * operation, in the order they were added, and the whole table of statuses is compared at once, so a failure shows
 * every cell that differs.
 */
public final class PermissionTable {

    private final Map<String, Function<String, HttpResponse<String>>> operations = new LinkedHashMap<>();
    private final Map<String, List<Integer>> expected = new LinkedHashMap<>();
    private Consumer<String> beforeEachPrincipal = principal -> { };

    /** An operation: what it does with a credential (null for none). */
    public PermissionTable operation(String name, Function<String, HttpResponse<String>> call) {
        operations.put(name, call);
        return this;
    }

    /** The statuses {@code principal} must get, one per operation, in the operations' order. */
    public PermissionTable expect(String principal, Integer... statuses) {
        if (statuses.length != operations.size()) {
            throw new IllegalArgumentException(principal + ": " + statuses.length + " statuses for "
                    + operations.size() + " operations");
        }
        expected.put(principal, List.of(statuses));
        return this;
    }

    /** Runs before each principal's row, e.g. to give each principal a fresh object to act on. */
    public PermissionTable beforeEachPrincipal(Consumer<String> action) {
        beforeEachPrincipal = action;
        return this;
    }

    /** Presents each principal's credential (by name, null for none) to every operation and compares the table. */
    public void check(Map<String, String> credentials) {
        Map<String, Map<String, Integer>> want = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> got = new LinkedHashMap<>();
        expected.forEach((principal, statuses) -> {
            if (!credentials.containsKey(principal)) {
                throw new IllegalArgumentException("no credential for " + principal);
            }
            beforeEachPrincipal.accept(principal);
            Map<String, Integer> wantRow = new LinkedHashMap<>();
            Map<String, Integer> gotRow = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(operations.keySet());
            for (int i = 0; i < names.size(); i++) {
                wantRow.put(names.get(i), statuses.get(i));
                gotRow.put(names.get(i), operations.get(names.get(i)).apply(credentials.get(principal)).statusCode());
            }
            want.put(principal, wantRow);
            got.put(principal, gotRow);
        });
        assertEquals(want, got);
    }
}
