package io.latchkey.quota.spi;

import org.keycloak.provider.ProviderFactory;

public interface QuotaProviderFactory extends ProviderFactory<QuotaProvider> {
}
