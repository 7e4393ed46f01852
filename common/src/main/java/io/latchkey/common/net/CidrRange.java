package io.latchkey.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address), for
 * the allow-lists of API keys and realms. Parsing never resolves host names: only literal addresses are accepted, and
 * the one name {@code localhost}, which is read as the loopback addresses ({@code 127.0.0.0/8} and {@code ::1}) without
 * any lookup: allow-lists written for services that ran beside their callers say {@code localhost}, and a name that
 * could resolve elsewhere would let DNS widen an allow-list.
 */
public final class CidrRange {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** The name an allow-list may hold for the loopback addresses. */
    public static final String LOCALHOST = "localhost";

    private static final CidrRange LOOPBACK_V4 = parse("127.0.0.0/8").orElseThrow();
    private static final CidrRange LOOPBACK_V6 = parse("::1").orElseThrow();

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** @return the range, or empty when {@code value} is not a literal address with an optional valid prefix */
    public static Optional<CidrRange> parse(String value) {
        if (value == null || value.isBlank() || value.length() > 49) {
            return Optional.empty();
        }
        if (LOCALHOST.equalsIgnoreCase(value.trim())) {
            return Optional.of(new CidrRange(null, 0, LOCALHOST));
        }
        String[] parts = value.trim().split("/", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        Optional<byte[]> address = literal(parts[0]);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            if (!parts[1].matches("\\d{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(parts[1]);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        byte[] network = mask(address.get(), prefix);
        return Optional.of(new CidrRange(network, prefix, canonical(network, prefix)));
    }

    public boolean contains(InetAddress address) {
        if (network == null) {
            return LOOPBACK_V4.contains(address) || LOOPBACK_V6.contains(address);
        }
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(bytes, prefixLength), network);
    }

    /** Whether the literal address {@code address} (never a host name) is in the range; false when not a literal. */
    public boolean contains(String address) {
        if (address == null || address.length() > 45) {
            return false;
        }
        if (network == null) {
            return LOOPBACK_V4.contains(address) || LOOPBACK_V6.contains(address);
        }
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && bytes.get().length == network.length
                && Arrays.equals(mask(bytes.get(), prefixLength), network);
    }

    /** Canonical form: network address and prefix, e.g. {@code 10.0.0.0/8}, or {@code localhost}. */
    @Override
    public String toString() {
        return text;
    }

    private static Optional<byte[]> literal(String value) {
        boolean v4 = IPV4.matcher(value).matches();
        boolean v6 = !v4 && value.contains(":") && IPV6.matcher(value).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        if (v4 && Arrays.stream(value.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255)) {
            return Optional.empty();
        }
        try {
            // With the patterns above this parses a literal; it never does a DNS lookup.
            return Optional.of(InetAddress.getByName(value).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    private static String canonical(byte[] network, int prefix) {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
