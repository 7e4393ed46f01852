package io.latchkey.quota.plan;

import java.util.List;
import java.util.Optional;

/** A subscription plan: a set of named quotas, e.g. the free plan's 10 conversations and 5 credits a day. */
public record QuotaPlan(String name, List<QuotaDefinition> quotas) {

    public Optional<QuotaDefinition> quota(String quotaName) {
        return quotas.stream().filter(q -> q.name().equals(quotaName)).findFirst();
    }
}
