package io.github.lsbaws.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppLoaderTest {
    private static final List<String> ROOTS = List.of("/project/target/classes", "/repo/dep.jar");

    private static AppLoader.LoadedApp load(String spec) throws AppLoadException {
        return AppLoader.load(spec, AppLoaderTest.class.getClassLoader(), ROOTS);
    }

    private static String failure(String spec) {
        return assertThrows(AppLoadException.class, () -> load(spec)).getMessage();
    }

    @Test
    void loadsEveryShape() throws AppLoadException {
        assertInstanceOf(WsgiGateway.class, load("io.github.lsbaws.testapps.Apps:app").gateway());
        assertInstanceOf(WsgiGateway.class, load("io.github.lsbaws.testapps.Apps").gateway());
        assertInstanceOf(WsgiGateway.class, load("io.github.lsbaws.testapps.Apps:factory").gateway());
        assertInstanceOf(WsgiGateway.class, load("io.github.lsbaws.testapps.Apps:direct").gateway());
        assertInstanceOf(WsgiGateway.class, load("io.github.lsbaws.testapps.Apps:raw").gateway());
        assertInstanceOf(HttpHandlerGateway.class, load("io.github.lsbaws.testapps.Apps:handler").gateway());
        assertEquals("io.github.lsbaws.testapps.Apps:app", load("io.github.lsbaws.testapps.Apps").name());
    }

    @Test
    void missingSpecificationSaysHowToGiveOne() {
        assertTrue(failure(null).startsWith("Provide an application as class:member, e.g. -Dapp=com.example.App:app"));
        assertTrue(failure("  ").startsWith("Provide an application"));
        assertTrue(failure("com.example.App:two:colons").contains("is not of the form class:member"));
        assertTrue(failure("not a class").contains("is not of the form class:member"));
    }

    @Test
    void missingClassListsTheClasspathSearched() {
        assertEquals("Class com.example.Nope was not found on the project's runtime classpath. Searched:\n"
                + "  /project/target/classes\n  /repo/dep.jar\n"
                + "Check the class name (package included) and that the project compiles.", failure("com.example.Nope:app"));
    }

    @Test
    void missingMemberListsThePublicStaticMembers() {
        String message = failure("io.github.lsbaws.testapps.Apps:nope");
        assertTrue(message.startsWith("io.github.lsbaws.testapps.Apps has no public static field or method named 'nope'."), message);
        assertTrue(message.contains("Its public static members are: app, direct(), factory(), failingFactory(), handler,"), message);
        assertTrue(message.endsWith("Name one with -Dapp=io.github.lsbaws.testapps.Apps:<member>."), message);
    }

    @Test
    void aClassWithoutTheMemberIsSaidWhatItIsAndWhatToDo() {
        String boot = failure("io.github.lsbaws.testapps.NamedClasses$BootApplication");
        assertTrue(boot.contains("has no public static field or method named 'app'."), boot);
        assertTrue(boot.contains("It is a Spring Boot application (annotated @SpringBootApplication): name the class alone,"
                + " -Dapp=io.github.lsbaws.testapps.NamedClasses$BootApplication, or give no app in its project"), boot);
        String main = failure("io.github.lsbaws.testapps.NamedClasses$WithMain");
        assertTrue(main.contains("It has a main method, which lsbaws does not run"), main);
        assertTrue(main.contains("-Dapp=io.github.lsbaws.testapps.NamedClasses$WithMain:<member>"), main);
        assertTrue(main.contains("Supported shapes:"), main);
        String handler = failure("io.github.lsbaws.testapps.NamedClasses$Handler:app");
        assertTrue(handler.contains("It is a com.sun.net.httpserver.HttpHandler: lsbaws serves an instance, not the class."
                + " Add 'public static final HttpHandler app = new Handler();'"), handler);
        String servlet = failure("io.github.lsbaws.testapps.NamedClasses$Servlet:app");
        assertTrue(servlet.contains("It is a jakarta.servlet.Servlet: name the class alone,"
                + " -Dapp=io.github.lsbaws.testapps.NamedClasses$Servlet, to serve it at /*"), servlet);
    }

    @Test
    void instanceMemberIsRefused() {
        assertTrue(failure("io.github.lsbaws.testapps.Apps:instanceField")
                .startsWith("io.github.lsbaws.testapps.Apps.instanceField is not static;"));
    }

    @Test
    void unsupportedTypesNameTheSupportedShapes() {
        String string = failure("io.github.lsbaws.testapps.Apps:notAnApp");
        assertTrue(string.startsWith("io.github.lsbaws.testapps.Apps.notAnApp is declared as java.lang.String, which is not an application."), string);
        assertTrue(string.contains("1. WSGI-style: " + WsgiGateway.SHAPE), string);
        assertTrue(string.contains("2. com.sun.net.httpserver.HttpHandler"), string);
        String generics = failure("io.github.lsbaws.testapps.Apps:wrongGenerics");
        assertTrue(generics.contains("is declared as java.util.function.BiFunction<java.lang.String, java.lang.String, java.lang.String>,"
                + " which is not a WSGI-style application."), generics);
        assertTrue(failure("io.github.lsbaws.testapps.Apps:twoStrings").contains("which is not an application"));
        assertTrue(failure("io.github.lsbaws.testapps.Apps:nothing").startsWith("io.github.lsbaws.testapps.Apps.nothing is null"));
    }

    @Test
    void throwingInitialiserOrFactoryShowsTheCause() {
        String init = failure("io.github.lsbaws.testapps.BrokenInit:app");
        assertTrue(init.startsWith("Initialising class io.github.lsbaws.testapps.BrokenInit failed: "
                + "java.lang.IllegalStateException: database not reachable"), init);
        assertTrue(init.contains("at io.github.lsbaws.testapps.BrokenInit.create"), init);
        String factory = failure("io.github.lsbaws.testapps.Apps:failingFactory");
        assertTrue(factory.startsWith("Calling io.github.lsbaws.testapps.Apps.failingFactory() failed: "
                + "java.lang.IllegalStateException: factory boom"), factory);
    }
}
