package io.latchkey.quota.plan;

/** One named quota of a plan: {@code amount} units per refill window. */
public record QuotaDefinition(String name, long amount, Refill refill) {
}
