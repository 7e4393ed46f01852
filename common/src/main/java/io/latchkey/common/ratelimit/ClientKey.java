package io.latchkey.common.ratelimit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What a rate limit counts a request against: an IPv4 address as it is, an IPv6 address by its /64 (one subscriber's
 * network: a client owns the whole /64 and can pick a new address in it for every request), and an IPv4-mapped IPv6
 * address ({@code ::ffff:192.0.2.1}) as the IPv4 address it maps. Never resolves a host name.
 */
public final class ClientKey {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    /** Longer values are not addresses; cut so that a strange value cannot make the key large. */
    private static final int MAX_OTHER = 64;

    private ClientKey() {
    }

    /** The key for {@code address}; a value that is not a literal address is its own key (cut to 64 characters). */
    public static String of(String address) {
        if (address == null) {
            return "unknown";
        }
        String value = address.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        int zone = value.indexOf('%');
        if (zone >= 0) {
            value = value.substring(0, zone);
        }
        boolean v4 = IPV4.matcher(value).matches();
        if (!v4 && !(value.indexOf(':') >= 0 && IPV6.matcher(value).matches())) {
            return value.length() > MAX_OTHER ? value.substring(0, MAX_OTHER) : value;
        }
        byte[] bytes;
        try {
            // With the patterns above this parses a literal; it never does a DNS lookup.
            InetAddress parsed = InetAddress.getByName(value);
            if (parsed instanceof Inet4Address) {
                // Java already turns an IPv4-mapped IPv6 literal into the IPv4 address.
                return parsed.getHostAddress();
            }
            bytes = parsed.getAddress();
        } catch (UnknownHostException e) {
            return value.length() > MAX_OTHER ? value.substring(0, MAX_OTHER) : value;
        }
        StringBuilder key = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return key.append(":/64").toString();
    }
}
