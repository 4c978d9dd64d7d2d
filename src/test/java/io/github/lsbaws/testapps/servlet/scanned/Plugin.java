package io.github.lsbaws.testapps.servlet.scanned;

/** A type an initializer handles: its implementations are passed to it. */
public interface Plugin {
}
