package jdk.test.whitebox;

/**
 * HotSpot's WhiteBox interface, only the part {@code io.github.lsbaws.server.JitRetirement} and
 * {@code io.github.lsbaws.server.CompiledChildren} use.
 * The JVM binds these natives to a class of exactly this name, loaded by the boot class loader
 * (the server JVM gets this class on -Xbootclasspath/a) and only with -XX:+WhiteBoxAPI: so this
 * class may not be renamed or moved. It prints a line for every native it has and this class
 * does not declare, so it is loaded with the standard output silenced.
 */
public final class WhiteBox {
    /** Compile queues of every level (HotSpot's CompLevel_all). */
    public static final int ALL_LEVELS = -2;

    private static native void registerNatives();

    static {
        registerNatives();
    }

    private static final WhiteBox INSTANCE = new WhiteBox();

    private WhiteBox() {}

    public static WhiteBox get() {
        return INSTANCE;
    }

    /** Marks every compiled method for deoptimisation and deoptimises their frames (a handshake). */
    public native void deoptimizeAll();

    /** Adds compiler directives (JSON); returns how many were added. */
    public native int addCompilerDirective(String directives);

    /** How many compilations are queued at that level. */
    public native int getCompileQueueSize(int compLevel);

    /** Sweeps the code cache now (JDK 19 and earlier: later ones have no sweeper and no such native). */
    public native void forceNMethodSweep();
}
