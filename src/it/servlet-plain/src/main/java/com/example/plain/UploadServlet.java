package com.example.plain;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * A multipart upload (limits in web.xml's multipart-config): GET shows the form, POST answers one
 * line per part (fields with their value, files with their size and SHA-256) in the order sent.
 */
public class UploadServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Html.page(response, "Upload", "<form method=\"post\" action=\"upload\" enctype=\"multipart/form-data\">\n"
                + "<p><label>Description <input name=\"description\"></label></p>\n"
                + "<p><input type=\"file\" name=\"file\" multiple></p>\n"
                + "<p><button type=\"submit\">Upload</button></p>\n</form>\n");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        Collection<Part> parts;
        try {
            parts = request.getParts();
        } catch (IllegalStateException tooLarge) {
            // the container refuses a part or a request over multipart-config's limits
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("too large: at most 1048576 bytes a file, 2097152 a request\n");
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print("description: " + request.getParameter("description") + "\n");
        for (Part part : parts) {
            if (part.getSubmittedFileName() == null) {
                out.print("field " + part.getName() + " = " + request.getParameter(part.getName()) + "\n");
            } else {
                out.print("file " + part.getName() + " " + part.getSubmittedFileName() + " " + part.getContentType() + " "
                        + part.getSize() + " bytes sha256=" + sha256(part) + "\n");
            }
        }
    }

    private static String sha256(Part part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
