package io.latchkey.quota.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code quota}: configured as {@code --spi-quota--jpa--<option>}. */
public final class QuotaSpi implements Spi {

    public static final String NAME = "quota";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return QuotaProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return QuotaProviderFactory.class;
    }
}
