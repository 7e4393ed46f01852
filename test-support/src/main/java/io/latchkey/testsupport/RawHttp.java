package io.latchkey.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not send: a chosen source address
 * (127.0.0.2 to test IP allow-lists on one machine), or header bytes it refuses (non-ASCII, repeated headers).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * The status code, body, content type and header lines (lower-cased, the status line left out) of one request;
     * {@code headerLines} are sent exactly as given.
     */
    public record Response(int status, String body, String contentType, List<String> headers) {
    }

    public static Response send(String from, String method, String url, List<String> headerLines, byte[] body) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(30_000);
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            request.write((method + " " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String line : headerLines) {
                // UTF-8 on purpose: hostile tests send header bytes a client library would refuse.
                request.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            byte[] payload = body == null ? new byte[0] : body;
            request.write(("Content-Length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(payload);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            Response response = parse(socket.getInputStream().readAllBytes());
            String contentType = headerLines.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse(null);
            ContractLog.record(method, uri, payload.length > 0, contentType, response.status(),
                    response.contentType(), response.body());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headerEnd < 0) {
            throw new AssertionError("Not an HTTP/1.1 response: " + text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(0, headerEnd).toLowerCase(Locale.ROOT);
        String body = text.substring(headerEnd + 4);
        if (headers.contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        String contentType = headers.lines().filter(line -> line.startsWith("content-type:"))
                .map(line -> line.substring("content-type:".length()).trim()).findFirst().orElse(null);
        return new Response(status, body, contentType, headers.lines().skip(1).toList());
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
