package io.github.lsbaws.testing.samples;

/** One named check of a sample; it throws an AssertionError (or an IOException) when the server is wrong. */
public record Check(String name, Body body) {
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }
}
