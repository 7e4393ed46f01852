package io.latchkey.apikeys.cache;

import java.util.List;
import java.util.Optional;

import io.latchkey.apikeys.spi.ApiKeyModel;
import io.latchkey.common.net.CidrRange;

/**
 * What a verify needs of one stored key, read once from the database: the key, its allow-list already parsed, and
 * whether the presented secret was the key's previous one (a regeneration's grace period). Immutable, so one entry can
 * serve concurrent requests.
 *
 * @param hash           the presented secret's HMAC, never the secret
 * @param allowedRanges  the key's allow-list, parsed; an entry that does not parse allows nothing
 * @param notAfter       epoch millis after which this snapshot must not be used: the earliest of its maximum age, the
 *                       key's expiry and the end of the grace period it was found by
 */
public record VerifiedKey(String hash, ApiKeyModel key, List<CidrRange> allowedRanges, boolean previousSecret,
        long notAfter) {

    public VerifiedKey {
        allowedRanges = List.copyOf(allowedRanges);
    }

    /** Whether {@code clientIp} may use the key: anywhere when the allow-list is empty. */
    public boolean allows(String clientIp) {
        if (key.allowedIps().isEmpty()) {
            return true;
        }
        return clientIp != null && allowedRanges.stream().anyMatch(range -> range.contains(clientIp));
    }

    /** The allow-list of {@code key}, parsed once; entries that are not ranges are dropped (they match nothing). */
    public static List<CidrRange> parse(List<String> allowedIps) {
        return allowedIps.stream().map(CidrRange::parse).flatMap(Optional::stream).toList();
    }
}
