package io.github.lsbaws.testapps.servlet.scanned;

/** A Plugin through its superclass; its static initialiser must not run during the scan. */
public class ConcretePlugin extends BasePlugin {
    static {
        StartupListener.EVENTS.add("ConcretePlugin initialised");
    }
}
