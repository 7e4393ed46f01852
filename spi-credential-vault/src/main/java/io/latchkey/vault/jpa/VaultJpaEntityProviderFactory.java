package io.latchkey.vault.jpa;

import io.latchkey.common.jpa.LatchkeyJpaEntityProviderFactory;
import io.latchkey.vault.jpa.entity.VaultCredentialEntity;

/** {@code LK_VAULT_CREDENTIAL} and its changelog. */
public final class VaultJpaEntityProviderFactory extends LatchkeyJpaEntityProviderFactory {

    public VaultJpaEntityProviderFactory() {
        super("latchkey-credential-vault", "META-INF/latchkey/credential-vault/changelog-master.xml",
                VaultCredentialEntity.class);
    }
}
