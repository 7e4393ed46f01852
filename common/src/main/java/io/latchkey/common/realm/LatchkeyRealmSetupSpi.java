package io.latchkey.common.realm;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code latchkey-realm-setup}: the factory that gives every realm Latchkey's clients (see {@link LatchkeyRealmSetup}). */
public final class LatchkeyRealmSetupSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "latchkey-realm-setup";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return LatchkeyRealmSetup.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return LatchkeyRealmSetupFactory.class;
    }
}
