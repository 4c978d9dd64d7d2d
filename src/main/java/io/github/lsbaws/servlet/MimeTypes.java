package io.github.lsbaws.servlet;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Content types by file extension: common ones, then the application's web.xml mime-mappings over them. */
final class MimeTypes {
    private final Map<String, String> types = new HashMap<>();

    MimeTypes() {
        String[] defaults = {
            "html", "text/html", "htm", "text/html", "css", "text/css", "js", "text/javascript", "mjs", "text/javascript",
            "json", "application/json", "map", "application/json", "txt", "text/plain", "csv", "text/csv",
            "xml", "application/xml", "xsl", "application/xml", "svg", "image/svg+xml", "png", "image/png",
            "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp", "avif", "image/avif",
            "ico", "image/x-icon", "bmp", "image/bmp", "tif", "image/tiff", "tiff", "image/tiff",
            "woff", "font/woff", "woff2", "font/woff2", "ttf", "font/ttf", "otf", "font/otf", "eot", "application/vnd.ms-fontobject",
            "pdf", "application/pdf", "zip", "application/zip", "gz", "application/gzip", "tar", "application/x-tar",
            "jar", "application/java-archive", "war", "application/java-archive", "wasm", "application/wasm",
            "mp3", "audio/mpeg", "ogg", "audio/ogg", "wav", "audio/wav", "mp4", "video/mp4", "webm", "video/webm",
            "md", "text/markdown", "webmanifest", "application/manifest+json", "ics", "text/calendar",
            "rss", "application/rss+xml", "atom", "application/atom+xml", "xhtml", "application/xhtml+xml",
            "jsp", "text/html", "bin", "application/octet-stream", "doc", "application/msword",
            "xls", "application/vnd.ms-excel", "ppt", "application/vnd.ms-powerpoint",
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        };
        for (int i = 0; i < defaults.length; i += 2) {
            types.put(defaults[i], defaults[i + 1]);
        }
    }

    void put(String extension, String type) {
        types.put(extension.toLowerCase(Locale.ROOT), type);
    }

    /** The type of a file name or path by its extension, or null. */
    String typeOf(String file) {
        if (file == null) {
            return null;
        }
        int dot = file.lastIndexOf('.');
        if (dot < 0 || dot < file.lastIndexOf('/')) {
            return null;
        }
        return types.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
