package io.latchkey.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a binary, for Keycloak's server-rendered pages: keeps cookies per host, follows redirects when
 * asked (across hosts, as a browser follows an identity provider's redirects), and submits the page's form with its
 * hidden fields. Enough for login, first-broker-login and account-linking flows.
 */
public final class Browser {

    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>",
            Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input([^>]*)>");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final Pattern TYPE = Pattern.compile("type=\"([^\"]*)\"");
    private static final int MAX_REDIRECTS = 20;

    private final Map<String, Map<String, String>> cookiesByHost = new LinkedHashMap<>();

    /** One request, no redirect followed. */
    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /**
     * GETs {@code url} and follows redirects until a page is answered or the next location satisfies {@code stop}
     * (e.g. the app's redirect URI, which a test reads rather than loads).
     */
    public HttpResponse<String> navigate(String url, Predicate<String> stop) {
        return follow(get(url), stop);
    }

    public HttpResponse<String> follow(HttpResponse<String> response, Predicate<String> stop) {
        HttpResponse<String> current = response;
        for (int i = 0; i < MAX_REDIRECTS && isRedirect(current); i++) {
            String location = location(current);
            if (stop.test(location)) {
                return current;
            }
            current = get(location);
        }
        return current;
    }

    /**
     * Submits the first form on {@code page} with its hidden and pre-filled fields plus {@code fields}; redirects are
     * not followed.
     */
    public HttpResponse<String> submit(HttpResponse<String> page, Map<String, String> fields) {
        Matcher form = FORM.matcher(page.body());
        if (!form.find()) {
            throw new AssertionError("No form on page " + page.uri() + ": " + page.body());
        }
        Map<String, String> values = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(form.group(2));
        while (input.find()) {
            Matcher name = NAME.matcher(input.group(1));
            Matcher type = TYPE.matcher(input.group(1));
            boolean checkable = type.find() && ("checkbox".equals(type.group(1)) || "radio".equals(type.group(1))
                    || "submit".equals(type.group(1)));
            if (name.find() && !checkable) {
                Matcher value = VALUE.matcher(input.group(1));
                values.put(name.group(1), value.find() ? unescape(value.group(1)) : "");
            }
        }
        values.putAll(fields);
        URI action = page.uri().resolve(unescape(form.group(1)));
        return send(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(values))));
    }

    public static boolean isRedirect(HttpResponse<String> response) {
        return response.statusCode() >= 300 && response.statusCode() < 400
                && response.headers().firstValue("Location").isPresent();
    }

    /** The absolute redirect target of {@code response}. */
    public static String location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("Not a redirect: " + response.statusCode() + " "
                        + response.body()));
        return response.uri().resolve(location).toString();
    }

    /**
     * Sends with this browser's cookies for the host and keeps the new ones. Done by hand because Keycloak marks its
     * session cookies {@code Secure}, which {@link java.net.CookieManager} withholds over plain http, while browsers
     * treat http://localhost as a secure context and send them.
     */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        Map<String, String> cookies = cookiesByHost.computeIfAbsent(built.uri().getHost(), h -> new LinkedHashMap<>());
        if (!cookies.isEmpty()) {
            HttpRequest.Builder withCookies = HttpRequest.newBuilder(built.uri())
                    .method(built.method(), built.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Cookie", cookies.entrySet().stream()
                            .map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
            built.headers().map().forEach((name, values) -> values.forEach(v -> withCookies.header(name, v)));
            built = withCookies.build();
        }
        HttpResponse<String> response = Http.send(built);
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                cookies.remove(pair.substring(0, eq).trim());
            } else {
                cookies.put(pair.substring(0, eq).trim(), value);
            }
        }
        return response;
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">");
    }
}
