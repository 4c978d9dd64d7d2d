package io.github.lsbaws.crac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.server.checkpoint.ForkCheckpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real org.crac facade, as an application calls it, reaches the server's global context
 * once the system property names its package (as a generation sets it before loading the
 * application; org.crac.Core reads it when first initialised, in this JVM here).
 */
class FacadeTest {
    private static final List<String> TOLD = new ArrayList<>();

    static final class ApplicationResource implements org.crac.Resource {
        @Override
        public void beforeCheckpoint(org.crac.Context<? extends org.crac.Resource> context) {
            TOLD.add("before");
        }

        @Override
        public void afterRestore(org.crac.Context<? extends org.crac.Resource> context) throws Exception {
            TOLD.add("after");
            throw new IllegalStateException("no database");
        }
    }

    @Test
    void anApplicationResourceRegisteredThroughTheFacadeIsToldAndNamed() throws Exception {
        ForkCheckpoint.install(message -> { });
        ApplicationResource resource = new ApplicationResource();
        org.crac.Core.getGlobalContext().register(resource);
        OrderedContext global = Core.globalContext();
        assertTrue(global.resources().stream().map(OrderedContext::name).toList().contains(ApplicationResource.class.getName()),
                global.resources().toString());
        global.beforeCheckpoint(global);
        RestoreException failed = assertThrows(RestoreException.class, () -> global.afterRestore(global));
        assertEquals("afterRestore failed in " + ApplicationResource.class.getName(), failed.getMessage());
        assertEquals("no database", failed.getSuppressed()[0].getMessage());
        assertEquals(List.of("before", "after"), TOLD);
    }

    @Test
    void aCheckpointTheApplicationAsksForIsRefusedWithTheReason() {
        ForkCheckpoint.install(message -> { });
        org.crac.CheckpointException refused = assertThrows(org.crac.CheckpointException.class, org.crac.Core::checkpointRestore);
        assertTrue(refused.getSuppressed()[0].getMessage().contains("lsbaws takes the checkpoint itself"),
                refused.getSuppressed()[0].getMessage());
    }
}
