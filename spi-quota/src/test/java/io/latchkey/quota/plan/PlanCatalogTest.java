package io.latchkey.quota.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.common.rest.FieldErrors;

class PlanCatalogTest {

    @Test
    void defaultCatalogRoundTripsThroughItsJson() {
        FieldErrors errors = new FieldErrors();
        PlanCatalog parsed = PlanCatalog.parse(PlanCatalog.DEFAULT.toJson(), errors);
        assertTrue(errors.isEmpty());
        assertEquals(PlanCatalog.DEFAULT, parsed);
        assertEquals(10, parsed.planFor(null).quota("conversation_limit").orElseThrow().amount());
        assertEquals("free", parsed.planFor("no-such-plan").name(), "unknown plans fall back to the default");
    }

    @Test
    void everyPlanMustHaveTheDefaultQuota() throws Exception {
        FieldErrors errors = new FieldErrors();
        PlanCatalog parsed = PlanCatalog.parse(new ObjectMapper().readTree("{\"default_plan\": \"a\","
                + " \"default_quota\": \"x\", \"plans\": [{\"name\": \"a\", \"quotas\": [{\"name\": \"x\","
                + " \"amount\": 1}]}, {\"name\": \"b\", \"quotas\": [{\"name\": \"y\", \"amount\": 1}]}]}"), errors);
        assertNull(parsed);
        assertTrue(errors.has("default_quota"));
    }
}
