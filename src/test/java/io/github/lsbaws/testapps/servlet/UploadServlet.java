package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lists the parts of a multipart/form-data request: name, file name, size, SHA-256; and the form fields as parameters. */
@MultipartConfig(fileSizeThreshold = 1024, maxFileSize = 100_000, maxRequestSize = 200_000)
public class UploadServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        response.setContentType("text/plain;charset=utf-8");
        StringBuilder out = new StringBuilder();
        for (Part part : request.getParts()) {
            out.append(part.getName()).append(' ').append(part.getSubmittedFileName()).append(' ').append(part.getSize())
                    .append(' ').append(digest(part)).append('\n');
        }
        out.append("title=").append(request.getParameter("title")).append('\n');
        response.getWriter().print(out);
    }

    private static String digest(Part part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
