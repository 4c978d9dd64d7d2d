package io.github.lsbaws.testapps.servlet.scanned;

@Marker
public class MarkedClass {
}
