package io.github.lsbaws.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A page with a stylesheet, a script and an image, whose script checks that the style and the
 * image arrived, then submits a form by POST: what a browser does with a small site.
 */
public class WebApps {
    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><title>lsbaws</title><link rel="stylesheet" href="/style.css"><script src="/app.js" defer></script></head>
            <body><h1>Forked</h1><img id="logo" src="/logo.svg" alt="logo">
            <form id="form" method="post" action="/submit">
            <input name="greeting" value="hi there"><input type="hidden" name="css"><input type="hidden" name="img">
            </form></body></html>
            """;
    private static final String SCRIPT = """
            window.addEventListener('load', () => {
              const form = document.getElementById('form');
              const logo = document.getElementById('logo');
              form.css.value = getComputedStyle(document.querySelector('h1')).color === 'rgb(255, 0, 0)' ? 'ok' : 'missing';
              form.img.value = logo.complete && logo.naturalWidth > 0 ? 'ok' : 'missing';
              form.submit();
            });
            """;
    private static final String STYLE = "h1 { color: rgb(255, 0, 0); }\n";
    private static final String LOGO = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"16\">"
            + "<rect width=\"16\" height=\"16\" fill=\"red\"/></svg>";

    public static final ServerApps.App site = (environ, start) -> {
        String path = (String) environ.get("PATH_INFO");
        return switch (path) {
            case "/" -> answer(start, "text/html; charset=utf-8", PAGE);
            case "/app.js" -> answer(start, "text/javascript", SCRIPT);
            case "/style.css" -> answer(start, "text/css", STYLE);
            case "/logo.svg" -> answer(start, "image/svg+xml", LOGO);
            case "/submit" -> answer(start, "text/html; charset=utf-8", "<!DOCTYPE html><html><body><p id=\"result\">received "
                    + new String(readAll((InputStream) environ.get("wsgi.input")), StandardCharsets.UTF_8)
                    + " by " + environ.get("REQUEST_METHOD") + "</p></body></html>");
            default -> {
                start.accept("404 Not Found", List.of(Map.entry("Content-Type", "text/plain")));
                yield List.of("not found".getBytes(StandardCharsets.UTF_8));
            }
        };
    };

    private static List<byte[]> answer(java.util.function.BiConsumer<String, List<Map.Entry<String, String>>> start,
                                       String type, String body) {
        start.accept("200 OK", List.of(Map.entry("Content-Type", type)));
        return List.of(body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
