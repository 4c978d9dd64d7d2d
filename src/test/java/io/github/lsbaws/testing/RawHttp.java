package io.github.lsbaws.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A curl-equivalent at the byte level: send exactly these bytes, read the answer until the server closes. */
public final class RawHttp {
    private RawHttp() {}

    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The response with its Date value replaced by "&lt;date&gt;", so it can be compared byte for byte. */
    public static String withoutDate(String response) {
        return response.replaceFirst("\r\nDate: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n",
                "\r\nDate: <date>\r\n");
    }

    /** The response body (after the blank line). */
    public static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }

    public static String escaped(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n\n");
    }
}
