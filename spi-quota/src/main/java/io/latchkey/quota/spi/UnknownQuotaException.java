package io.latchkey.quota.spi;

/** The user's plan has no quota of that name. */
public final class UnknownQuotaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownQuotaException(String plan, String quota) {
        super("Plan '" + plan + "' has no quota '" + quota + "'.");
    }
}
