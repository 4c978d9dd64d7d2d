package io.github.lsbaws.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Location values as Jetty 12 sends them (relative redirects allowed): an absolute URL or a
 * network-path reference unchanged, an absolute path as given with its dot segments resolved,
 * a relative path resolved against the request URI's directory into an absolute path.
 */
final class Redirects {
    private Redirects() {}

    static String location(HttpServletRequest request, String location) {
        if (hasScheme(location) || location.startsWith("//")) {
            return location;
        }
        int end = location.length();
        int query = location.indexOf('?');
        int fragment = location.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        String path = location.substring(0, end);
        String rest = location.substring(end);
        if (!path.startsWith("/")) {
            String base = request.getRequestURI();
            path = base.substring(0, base.lastIndexOf('/') + 1) + path;
        }
        return normalize(path) + rest;
    }

    private static boolean hasScheme(String location) {
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c == ':') {
                return i > 0;
            }
            boolean allowed = Character.isLetter(c) || (i > 0 && (Character.isDigit(c) || c == '+' || c == '-' || c == '.'));
            if (!allowed || c > 0x7f) {
                return false;
            }
        }
        return false;
    }

    /** Removes "." and ".." segments (never above the root). */
    static String normalize(String path) {
        if (path.indexOf("/.") < 0) {
            return path;
        }
        String[] segments = path.split("/", -1);
        java.util.ArrayList<String> kept = new java.util.ArrayList<>();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    kept.add("");
                }
            } else if (segment.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.remove(kept.size() - 1);
                }
                if (last) {
                    kept.add("");
                }
            } else {
                kept.add(segment);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String segment : kept) {
            out.append('/').append(segment);
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
