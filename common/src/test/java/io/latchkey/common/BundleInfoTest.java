package io.latchkey.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BundleInfoTest {

    @Test
    void versionIsTheFilteredProjectVersion() {
        String version = BundleInfo.version();
        assertFalse(version.contains("${"), "bundle.properties was not filtered: " + version);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    }

    @Test
    void operationalInfoNamesBundleModuleAndVersion() {
        var info = BundleInfo.operationalInfo("spi-quota");
        assertEquals("Latchkey", info.get("bundle"));
        assertEquals("spi-quota", info.get("module"));
        assertEquals(BundleInfo.version(), info.get("version"));
    }
}
