package io.github.lsbaws.gateway;

import io.github.lsbaws.http.Limits;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.RequestReader;
import io.github.lsbaws.http.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Runs a gateway on a request given as raw text; the response is captured as text, Date masked. */
final class GatewayFixture {
    static final ConnectionInfo CONNECTION = new ConnectionInfo(new InetSocketAddress("10.1.2.3", 40000),
            new InetSocketAddress("127.0.0.1", 8888), 8888);

    private GatewayFixture() {}

    static Request request(String raw) throws IOException {
        return new RequestReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), Limits.DEFAULT).read();
    }

    static String serve(Gateway gateway, String raw) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Request request = request(raw);
        Response response = new Response(wire, request.isHead());
        gateway.serve(request, response, CONNECTION);
        response.finish();
        return wire.toString(StandardCharsets.ISO_8859_1).replaceFirst("Date: [^\r]+", "Date: <date>");
    }
}
