package io.latchkey.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.keycloak.common.ClientConnection;

/**
 * The request's client address for rate limits, allow-lists and a key's last use. Keycloak's
 * {@link ClientConnection#getRemoteAddr()} is the parsed address, which is null when a proxy header names an IPv6
 * client in brackets ({@code X-Forwarded-For: [2001:db8::1]}, and always in RFC 7239's {@code Forwarded: for="[…]"}):
 * the literal then only survives as {@link ClientConnection#getRemoteHost()}, brackets and all. Without this, every
 * such client would share one rate-limit budget and fail every allow-list. Never resolves a host name.
 */
public final class ClientAddress {

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddress() {
    }

    /** The client's address, or null when the connection names none that is a literal address. */
    public static String of(ClientConnection connection) {
        String address = connection.getRemoteAddr();
        if (address != null) {
            return address;
        }
        String host = connection.getRemoteHost();
        if (host == null || !host.startsWith("[") || !host.endsWith("]")) {
            return null;
        }
        String literal = host.substring(1, host.length() - 1);
        if (literal.indexOf(':') < 0 || !IPV6.matcher(literal).matches()) {
            return null;
        }
        try {
            // With the pattern above this parses a literal; it never does a DNS lookup.
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
