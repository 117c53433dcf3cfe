package org.wfe.http.impl;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.wfe.api.job.LogText;

/**
 * Whether a state-changing request comes from a page of this engine. Browsers name the page's origin in
 * {@code Origin} on every POST (older ones only in {@code Referer}), and {@code Sec-Fetch-Site} says how the
 * two sites relate; the first one present decides. A request with none of the three is not from a browser
 * (curl, ./wfe, scripts): it is let through, since no page can make a browser send it.
 */
final class CrossSite {

    private CrossSite() {
    }

    /** Safe methods change nothing and are never refused: the console's pages and downloads are GETs. */
    static boolean safe(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /**
     * The foreign origin that sent this request, or null when it is ours or unlabelled.
     *
     * @param host the request's Host header (already checked against the allow-list)
     */
    static String foreign(String origin, String referer, String fetchSite, String host) {
        if (origin != null) {
            return sameOrigin(origin, host) ? null : origin;
        }
        if (referer != null) {
            return sameOrigin(referer, host) ? null : referer;
        }
        if (fetchSite != null) {
            String s = fetchSite.strip().toLowerCase(Locale.ROOT);
            // "none": the operator typed the address; "same-site" is another port or subdomain: not us
            return s.equals("same-origin") || s.equals("none") ? null : "Sec-Fetch-Site: " + fetchSite;
        }
        return null;
    }

    /** http or https, and exactly the host and port the request was sent to ("null" and garbage are foreign). */
    static boolean sameOrigin(String url, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI u = new URI(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getRawAuthority() == null || u.getRawUserInfo() != null) {
                return false;
            }
            return u.getRawAuthority().equalsIgnoreCase(host.strip());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A header value fit for one log line: no control characters, bounded. */
    static String printable(String s) {
        if (s == null) {
            return "-";
        }
        // the engine's one escape for outside text in a log line (LogText); cut first, an attacker's header is long
        return LogText.escape(s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }
}
