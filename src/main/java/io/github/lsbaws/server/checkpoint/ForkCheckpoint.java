package io.github.lsbaws.server.checkpoint;

import io.github.lsbaws.crac.CheckpointException;
import io.github.lsbaws.crac.Core;
import io.github.lsbaws.crac.OrderedContext;
import io.github.lsbaws.crac.Resource;
import io.github.lsbaws.crac.RestoreException;
import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.gateway.ForwardingGateway;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.gateway.StackTraces;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.Response;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.server.checkpoint.pools.PoolLibraries;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fork as a CRaC checkpoint and restore. The application's {@code org.crac} calls reach the
 * server's global context ({@link io.github.lsbaws.crac}) through the facade's system property
 * {@value #COMPAT_PROPERTY}; the server's class path carries the facade, so an application
 * without its own sees it too. The parent, once the application is loaded and warmed, tells
 * every registered resource {@code beforeCheckpoint} (a pool suspends and closes its
 * connections, Spring stops its lifecycle beans); each child tells them {@code afterRestore}
 * before its first request, or while it waits for its connection when it was forked ahead of it
 * (the pool opens connections of the child's own). Connection pools
 * that do not take part in CRaC themselves ({@link PoolLibraries}) are closed after the
 * application's own resources, and reopened in a child before them. The parent never restores:
 * it runs no application code after the checkpoint.
 */
public final class ForkCheckpoint {
    /** The system property the {@code org.crac} facade reads its implementation's package from. */
    public static final String COMPAT_PROPERTY = "org.crac.Core.Compat";
    private static final String FACADE_PACKAGE = "org.crac.";
    /** -Dlsbaws.restore.timing=true (in lsbaws.jvmArgs): each child logs how long its restore took (scripts/restore-cost.sh). */
    private static final String TIMING_PROPERTY = "lsbaws.restore.timing";

    private final OrderedContext context;
    /** The pools the server closes itself, after the application's resources and restored before them. */
    private final OrderedContext pools = new OrderedContext();
    /** Held strongly: a context holds its resources weakly. */
    private final List<PoolLibraries.PoolCheckpoint> poolCheckpoints = new ArrayList<>();
    private final Consumer<String> errorLog;
    /** The process that took the checkpoint of some resources; 0 before, or with none registered. */
    private volatile int checkpointPid;
    /** Whether this process, a child, has restored already. */
    private boolean restored;
    /** This child's failed restore, which answers each of its requests. */
    private RestoreException restoreFailure;
    /** Whether restoreFailure is still to be logged, once, by the request that finds it. */
    private boolean failureUnlogged;
    /**
     * What the application printed during this child's restore (Spring's lifecycle lines, a
     * pool's warnings), kept aside: the parent printed the same when it rehearsed the restore
     * at start-up, and a line or two from every child would bury the access log. Printed when
     * the restore fails or the watcher had to end a wait.
     */
    private byte[] restoreOutput;
    private final boolean logTiming = Boolean.getBoolean(TIMING_PROPERTY);
    /** The resources' barriers at the checkpoint: those a child meets alone, and the waits its watcher knows. */
    private final RestoreBarriers barriers = new RestoreBarriers();

    ForkCheckpoint(OrderedContext context, Consumer<String> errorLog) {
        this.context = context;
        this.errorLog = errorLog;
    }

    /** Before the application loads: its {@code org.crac} facade is to find the server's context. */
    public static ForkCheckpoint install(Consumer<String> errorLog) {
        System.setProperty(COMPAT_PROPERTY, Core.class.getPackageName());
        return new ForkCheckpoint(Core.globalContext(), errorLog);
    }

    /**
     * In the parent, once, after the application is loaded and warmed and before the first fork:
     * beforeCheckpoint, in reverse registration order. A resource that throws stops the start:
     * as CRaC does after a failed checkpoint, every resource is told afterRestore first, and the
     * exception says which resources threw and what.
     *
     * @throws IllegalStateException when a resource threw
     */
    public void take(String applicationName) {
        try {
            context.beforeCheckpoint(context);
            findPools();
            pools.beforeCheckpoint(pools);
            if (hasResources()) {
                rehearseRestore(applicationName);
                context.beforeCheckpoint(context);
                pools.beforeCheckpoint(pools);
            }
        } catch (CheckpointException e) {
            try {
                restoreAll();
            } catch (RestoreException again) {
                e.addSuppressed(again);
            }
            throw new IllegalStateException(applicationName + ": " + e.getMessage()
                    + " before the first fork (the checkpoint), so no child can be forked from it:\n" + StackTraces.of(e));
        }
        if (hasResources()) { // else a child has nothing to restore, and runs none of it
            checkpointPid = Posix.pid();
        }
    }

    /**
     * Once the parent's threads have settled after the checkpoint (ForkGuard accepted them), the
     * barriers the resources' threads are parked at: a thread a beforeCheckpoint started (Spring's
     * prevent-shutdown) may not have reached its barrier when beforeCheckpoint returned.
     */
    public void findBarriers() {
        if (checkpointPid != 0) {
            barriers.collect(context.resources().stream().map(OrderedContext::applicationResource).toList());
        }
    }

    /** The pools alive after the application's own checkpoint, found once (the application's loader is the context's). */
    private void findPools() {
        if (poolCheckpoints.isEmpty()) {
            poolCheckpoints.addAll(PoolLibraries.live(Thread.currentThread().getContextClassLoader()));
            poolCheckpoints.forEach(pools::register);
        }
    }

    private boolean hasResources() {
        return !context.resources().isEmpty() || !poolCheckpoints.isEmpty();
    }

    /** The start-up line naming the pools the server closed before the first fork, or null if none. */
    public String poolsLine() {
        if (poolCheckpoints.isEmpty()) {
            return null;
        }
        return "Connections closed before the first fork, opened by each child for itself: "
                + String.join(", ", poolCheckpoints.stream().map(PoolLibraries.PoolCheckpoint::describe).toList());
    }

    /**
     * A restore: the pools first, then the application's resources (which may use a pool), every
     * one told even when one before it threw.
     */
    private void restoreAll() throws RestoreException {
        RestoreException failure = null;
        try {
            pools.afterRestore(pools);
        } catch (RestoreException e) {
            failure = e;
        }
        try {
            context.afterRestore(context);
        } catch (RestoreException e) {
            if (failure == null) {
                failure = e;
            } else {
                RestoreException both = new RestoreException(failure.getMessage() + "; " + e.getMessage());
                for (Throwable thrown : failure.getSuppressed()) {
                    both.addSuppressed(thrown);
                }
                for (Throwable thrown : e.getSuppressed()) {
                    both.addSuppressed(thrown);
                }
                failure = both;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A restore played once in the parent, between two checkpoints (CRaC allows any number of
     * cycles), watched as a child's is: the code every child's afterRestore runs is then loaded
     * and linked once, not in each child at the interpreter's pace.
     */
    private void rehearseRestore(String applicationName) {
        StrandedRestore watch = StrandedRestore.watchCurrentThread(errorLog, barriers);
        try {
            restoreAll();
        } catch (RestoreException e) {
            throw new IllegalStateException(applicationName + ": " + e.getMessage() + " when the parent rehearsed a child's"
                    + " restore:\n" + StackTraces.of(e));
        } finally {
            watch.stop();
        }
    }

    /** The resources the application registered, by the class of each. */
    public List<String> resourceNames() {
        return context.resources().stream().map(OrderedContext::name).toList();
    }

    /**
     * The classes through which the application's resources were registered that come from
     * another class path entry than the server's context: the {@code org.crac} facade's. The
     * parent loads the rest of that jar before forking, so that no child reads it (see
     * SharedJars on a jar's file position after a fork).
     */
    public Set<Class<?>> facadeClasses() {
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (Resource resource : context.resources()) {
            if (Proxy.isProxyClass(resource.getClass())) {
                InvocationHandler handler = Proxy.getInvocationHandler(resource);
                if (handler.getClass().getName().startsWith(FACADE_PACKAGE)) {
                    classes.add(handler.getClass());
                }
            }
        }
        return classes;
    }

    /** Whether a child has a restore to run: some resources were told of the checkpoint. */
    public boolean restoresInChildren() {
        return checkpointPid != 0;
    }

    /**
     * In a child forked ahead of its connection: its restore, now, while it waits; returns whether
     * it restored. One that failed is not to wait for a connection: the world may have changed by
     * the time one comes (a database started), and a child forked for it restores then, and logs
     * its own failure if it fails too: this one is not logged. In the parent: true.
     */
    public boolean restoreAhead() {
        restore();
        return restoreFailure == null;
    }

    /** The gateway every child serves with: it restores before its first request. */
    public Gateway restoringInChildren(Gateway application) {
        return new RestoringGateway(application, this);
    }

    /**
     * Called before each request: in a child of the checkpointed parent, the first time, every
     * resource's afterRestore in registration order. Returns this child's restore failure, or
     * null.
     */
    RestoreException restoreOnce() {
        restore();
        if (failureUnlogged) {
            failureUnlogged = false;
            printRestoreOutput();
            errorLog.accept("child " + Posix.pid() + ": " + restoreFailure.getMessage() + "; its requests are answered 500:\n"
                    + StackTraces.of(restoreFailure));
        }
        return restoreFailure;
    }

    /** This child's restore, once; its failure is kept (restoreFailure), not logged. */
    private void restore() {
        if (restored || checkpointPid == 0 || Posix.pid() == checkpointPid) {
            return;
        }
        restored = true;
        long start = System.nanoTime();
        int metAlone = barriers.meetAloneInChild();
        StrandedRestore watch = StrandedRestore.watchCurrentThread(errorLog, barriers);
        Posix.CapturedOutput captured = Posix.captureOutput(1, 2); // null: the restore speaks as it goes
        try {
            restoreAll();
        } catch (RestoreException e) {
            restoreFailure = e;
            failureUnlogged = true;
        } finally {
            watch.stop();
            restoreOutput = captured == null ? null : captured.end();
        }
        if (watch.ended() > 0) {
            printRestoreOutput(); // with the watcher's word on the wait it ended
        } else if (restoreFailure == null) {
            restoreOutput = null;
        }
        if (logTiming) {
            errorLog.accept("child " + Posix.pid() + ": restored in " + (System.nanoTime() - start) / 1000 + " us; barriers"
                    + " met alone: " + metAlone + "; waits for a thread of the parent ended: " + watch.ended()
                    + (watch.ended() == 0 ? "" : ", on " + watch.describeEnded()));
        }
    }

    /** What the application printed during this child's restore, once, if anything, where the server's errors go. */
    private void printRestoreOutput() {
        if (restoreOutput != null && restoreOutput.length > 0) {
            errorLog.accept("child " + Posix.pid() + ": its restore printed:\n"
                    + new String(restoreOutput, StandardCharsets.UTF_8).stripTrailing());
        }
        restoreOutput = null;
    }

    /** The application as a gateway that restores in a child before the application serves. */
    private static final class RestoringGateway extends ForwardingGateway {
        private final ForkCheckpoint checkpoint;

        RestoringGateway(Gateway application, ForkCheckpoint checkpoint) {
            super(application);
            this.checkpoint = checkpoint;
        }

        @Override
        public void serve(Request request, Response response, ConnectionInfo connection) throws Exception {
            RestoreException failure = checkpoint.restoreOnce();
            if (failure != null) {
                response.sendPlain(500, "Internal Server Error: " + failure.getMessage() + " in this child ("
                        + firstCause(failure) + ")");
                return;
            }
            delegate.serve(request, response, connection);
        }
    }

    private static String firstCause(RestoreException failure) {
        Throwable[] thrown = failure.getSuppressed();
        return thrown.length == 0 ? "no exception" : thrown[0].toString();
    }
}
