/**
 * Databases for development, started beside the supervisor: an application whose database lives
 * in its own memory (H2's {@code jdbc:h2:mem:}, as Spring's and both petclinics' defaults) would
 * lose every row a request writes with the child that wrote it. The supervisor starts the
 * application's own database engine once as a server process and points the application at it
 * without an edit (H2's URL map); engines without such a redirection get a start-up message
 * naming the URL and the fix. Nothing here imports the server's upper layers.
 */
package io.github.lsbaws.devservices;
