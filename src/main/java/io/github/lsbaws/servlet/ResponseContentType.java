package io.github.lsbaws.servlet;

import io.github.lsbaws.http.Tokens;
import io.github.lsbaws.servlet.codec.Multipart;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A response's Content-Type and charset as the Servlet API sets them (section 5.5): the media
 * type and its other parameters, the charset from setCharacterEncoding, from a charset parameter
 * of the type, or the application's default, and the value as the application wrote it while
 * nothing changed it since. Once the writer is taken, its charset is fixed and always named.
 * The response decides when a change is ignored (committed, in an include); values are checked
 * as the header field they become.
 */
final class ResponseContentType {
    private String mimeType;
    private String charset;
    /** Set by the application (not the default): named in the header even before the writer is taken. */
    private boolean charsetExplicit;
    private String asSet;
    /** Parameters other than charset ("; boundary=..."), as set. */
    private String typeParameters = "";

    ResponseContentType(String defaultCharset) {
        charset = defaultCharset;
    }

    /** Back to no type and the application's default charset. */
    void reset(String defaultCharset) {
        mimeType = null;
        asSet = null;
        typeParameters = "";
        charset = defaultCharset;
        charsetExplicit = false;
    }

    /** getCharacterEncoding: ISO-8859-1 when none was set. */
    String characterEncoding() {
        return charset == null ? StandardCharsets.ISO_8859_1.name() : charset;
    }

    /** The charset the writer encodes with, fixed from now on. */
    String fixForWriter() {
        if (charset == null) {
            charset = StandardCharsets.ISO_8859_1.name();
        }
        return charset;
    }

    /** The Content-Type header's value, or null; writerTaken: the writer's charset is named. */
    String header(boolean writerTaken) {
        if (mimeType == null) {
            return null;
        }
        if (asSet != null && charset != null && charset.equalsIgnoreCase(Multipart.parameter(asSet, "charset"))) {
            return asSet; // as the application wrote it
        }
        String type = typeParameters.isEmpty() ? mimeType : mimeType + typeParameters;
        if (charset != null && (charsetExplicit || writerTaken)) {
            return type + ";charset=" + charset.toLowerCase(Locale.ROOT);
        }
        return type;
    }

    void setCharacterEncoding(String encoding) {
        if (encoding != null) {
            Tokens.checkField("Content-Type", encoding); // the charset goes out in it
        }
        charset = encoding;
        charsetExplicit = encoding != null;
        asSet = null; // recomposed from the type and this charset
    }

    /** setContentType; writerTaken: a charset in type no longer changes the writer's. */
    void setContentType(String type, boolean writerTaken) {
        if (type != null) {
            Tokens.checkField("Content-Type", type);
        }
        asSet = null;
        typeParameters = "";
        if (type == null) {
            mimeType = null;
            if (!writerTaken) {
                charsetExplicit = false;
            }
            return;
        }
        int semicolon = type.indexOf(';');
        mimeType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        if (semicolon < 0) {
            return;
        }
        StringBuilder others = new StringBuilder();
        boolean hasCharset = false;
        for (String parameter : type.substring(semicolon + 1).split(";")) {
            String trimmed = parameter.strip();
            if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
                hasCharset = true;
            } else if (!trimmed.isEmpty()) {
                others.append("; ").append(trimmed);
            }
        }
        typeParameters = others.toString();
        String typeCharset = hasCharset ? Multipart.parameter(type, "charset") : null;
        if (typeCharset != null && !writerTaken) {
            charset = typeCharset;
            charsetExplicit = true;
            asSet = type;
        }
    }
}
