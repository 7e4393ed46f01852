package io.latchkey.discogs.oauth;

/**
 * What to tell a person when a Discogs call failed: plain words, no status codes or tokens. Shared by the browser
 * flow's error page and the out-of-band endpoints.
 */
public final class UpstreamMessages {

    private UpstreamMessages() {
    }

    public static String of(DiscogsException e) {
        return switch (e.kind()) {
            case TIMEOUT -> "Discogs did not answer in time. Please try again later.";
            case UNAVAILABLE -> "Discogs is unavailable right now. Please try again later.";
            case RATE_LIMITED -> "Discogs is limiting requests. Please try again in " + e.retryAfterSeconds()
                    + " seconds.";
            case REJECTED -> "Discogs refused the request.";
            case MALFORMED -> "Discogs sent an unexpected response. Please try again later.";
        };
    }
}
