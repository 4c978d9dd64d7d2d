/*
 * Preloaded into a server JVM by ForkingServerTest: while the file named by LSBAWS_HANG_MARKER
 * exists, each forked child hangs in a pthread_atfork child handler, before fork() returns to
 * it, as a child does that inherited a lock another thread held at the fork.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static void hang_if_marked(void) {
    const char *marker = getenv("LSBAWS_HANG_MARKER");
    if (marker != NULL && access(marker, F_OK) == 0) {
        for (;;) {
            pause();
        }
    }
}

__attribute__((constructor)) static void install(void) {
    pthread_atfork(NULL, NULL, hang_if_marked);
}
