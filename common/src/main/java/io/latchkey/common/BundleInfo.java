package io.latchkey.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * Identity of the Latchkey bundle, as every provider factory reports it in the server info
 * ({@code ServerInfoAwareProviderFactory#getOperationalInfo}).
 */
public final class BundleInfo {

    static final String RESOURCE = "META-INF/latchkey/bundle.properties";

    private static final Properties PROPERTIES = load();

    private BundleInfo() {
    }

    /** The bundle version, the same for every module of one build. */
    public static String version() {
        return PROPERTIES.getProperty("version");
    }

    /**
     * Operational info for the admin console's "Provider info" tab.
     *
     * @param module the Maven module the provider lives in, so an operator sees which jar answered
     */
    public static Map<String, String> operationalInfo(String module) {
        return Map.of("bundle", PROPERTIES.getProperty("name"), "module", module, "version", version());
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BundleInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the latchkey-common jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
