package io.github.lsbaws.servlet;

/** What a forked development server cannot do, said the same way wherever an application asks for it. */
final class Unsupported {
    static final String SECURITY = "container security (login, authentication, security constraints) is not available"
            + " in lsbaws: it is a development server; secure the application with a framework filter (Spring Security...)";
    static final String UPGRADE = "HTTP upgrade (WebSocket) is not supported by lsbaws: each connection is served by a"
            + " short-lived forked child with a single thread, which cannot hold a long-lived upgraded connection";
    static final String JSP = "JSP pages are compiled by Apache Jasper, which lsbaws loads only for a web application"
            + " whose webapp directory held a JSP or tag file when the server started: restart lsbaws:serve";

    private Unsupported() {}
}
