package com.example.reload;

/** A constant the compiler copies into Greeter: changing it must recompile Greeter too. */
final class Words {
    static final String GREETING = "Hello";

    private Words() {}
}
