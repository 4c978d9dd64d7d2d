package io.github.lsbaws.testapps.servlet.scanned;

public abstract class BasePlugin implements Plugin {
}
