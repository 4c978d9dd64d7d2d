package com.example.plain;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** The pages' common frame, written through getWriter (UTF-8, from web.xml's response-character-encoding). */
final class Html {
    private Html() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Writes a whole page; links in body are relative to the page. */
    static void page(HttpServletResponse response, String title, String body) throws IOException {
        response.setContentType("text/html");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        out.print(escape(title));
        out.print("</title>\n<link rel=\"stylesheet\" href=\"css/site.css\">\n</head>\n<body>\n<h1>");
        out.print(escape(title));
        out.print("</h1>\n");
        out.print(body);
        out.print("</body>\n</html>\n");
    }
}
