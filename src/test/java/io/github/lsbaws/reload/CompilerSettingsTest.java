package io.github.lsbaws.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

class CompilerSettingsTest {
    private static final CompilerSettings.ArtifactFiles NONE = coordinate -> null;

    private static Xpp3Dom configuration(String xml) throws Exception {
        return Xpp3DomBuilder.build(new StringReader("<configuration>" + xml + "</configuration>"));
    }

    @Test
    void takesTheCompilerPluginsConfiguration() throws Exception {
        Xpp3Dom configuration = configuration("<release>21</release><encoding>ISO-8859-1</encoding>"
                + "<parameters>true</parameters><compilerArgs><arg>-Xlint:all</arg><arg>-XDstringConcat=inline</arg>"
                + "</compilerArgs><proc>none</proc>");
        CompilerSettings settings = CompilerSettings.from(configuration, new Properties(), NONE);
        assertEquals(List.of("--release", "21", "-encoding", "ISO-8859-1", "-parameters", "-g", "-proc:none",
                "-Xlint:all", "-XDstringConcat=inline"), settings.javacOptions(17));
    }

    @Test
    void fallsBackToTheUserPropertiesThePluginReads() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("maven.compiler.source", "17");
        properties.setProperty("maven.compiler.target", "17");
        properties.setProperty("project.build.sourceEncoding", "UTF-8");
        properties.setProperty("maven.compiler.parameters", "true");
        CompilerSettings settings = CompilerSettings.from(null, properties, NONE);
        assertEquals(List.of("-source", "17", "-target", "17", "-encoding", "UTF-8", "-parameters", "-g"),
                settings.javacOptions());
    }

    @Test
    void theConfigurationWinsOverThePropertyAndUninterpolatedValuesCountAsUnset() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("maven.compiler.release", "17");
        assertEquals(List.of("--release", "21", "-g"),
                CompilerSettings.from(configuration("<release>21</release>"), properties, NONE).javacOptions(17));
        assertEquals(List.of("-g"),
                CompilerSettings.from(configuration("<release>${java.level}</release><debug>true</debug>"), new Properties(),
                        NONE).javacOptions());
        assertEquals(List.of(),
                CompilerSettings.from(configuration("<debug>false</debug>"), new Properties(), NONE).javacOptions());
    }

    /** ct.sym, which --release reads, is opened again by every compilation: the compiler's own release needs none. */
    @Test
    void theCompilersOwnReleaseIsGivenAsSourceAndTarget() throws Exception {
        CompilerSettings settings = CompilerSettings.from(configuration("<release>17</release>"), new Properties(), NONE);
        assertEquals(List.of("-source", "17", "-target", "17", "-g"), settings.javacOptions(17));
        assertEquals(List.of("--release", "17", "-g"), settings.javacOptions(21));
    }

    @Test
    void annotationProcessorPathsComeFromTheLocalRepository() throws Exception {
        Xpp3Dom configuration = configuration("<annotationProcessorPaths><path><groupId>org.projectlombok</groupId>"
                + "<artifactId>lombok</artifactId><version>1.18.36</version></path></annotationProcessorPaths>"
                + "<annotationProcessors><annotationProcessor>a.B</annotationProcessor></annotationProcessors>");
        CompilerSettings settings = CompilerSettings.from(configuration, new Properties(),
                coordinate -> "/repo/" + coordinate.artifactId() + "-" + coordinate.version() + "." + coordinate.type());
        assertEquals(List.of("-g", "-processor", "a.B", "-processorpath", "/repo/lombok-1.18.36.jar"), settings.javacOptions());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> CompilerSettings.from(configuration, new Properties(), NONE));
        assertTrue(missing.getMessage().contains("org.projectlombok:lombok:1.18.36"), missing.getMessage());
    }
}
