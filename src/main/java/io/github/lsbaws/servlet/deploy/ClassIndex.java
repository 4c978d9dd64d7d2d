package io.github.lsbaws.servlet.deploy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the application's classes are, read from their class files without loading them: each
 * class's name, superclass, interfaces and class-level annotations. This is what finds the
 * {@code @WebServlet}, {@code @WebFilter} and {@code @WebListener} classes and the classes a
 * ServletContainerInitializer's {@code @HandlesTypes} asks for, without running a static
 * initialiser. Reading every class of every jar runs interpreted in the server JVM, so each
 * jar's result is cached in the state directory, keyed by the jar's path, size and time.
 */
public final class ClassIndex {
    private static final int CACHE_MAGIC = 0x4c534349; // "LSCI"
    private static final int CACHE_VERSION = 1;

    /** One class as its class file says. Names are binary names with dots (com.example.Outer$Inner). */
    public record ClassInfo(String name, String superName, String[] interfaces, String[] annotations, boolean isAbstract) {}

    private final Map<String, ClassInfo> classes = new LinkedHashMap<>();
    private final Map<String, Boolean> subtypeMemo = new HashMap<>();
    private int jarsRead;
    private int jarsFromCache;
    private long millis;

    private ClassIndex() {}

    /**
     * Indexes every class under roots (directories of class files and jars).
     *
     * @param cacheDirectory where per-jar results are kept between deployments, or null for none
     */
    public static ClassIndex scan(List<Path> roots, Path cacheDirectory) throws IOException {
        long start = System.nanoTime();
        ClassIndex index = new ClassIndex();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                index.scanDirectory(root);
            } else if (Files.isRegularFile(root) && root.getFileName().toString().endsWith(".jar")) {
                index.scanJar(root, cacheDirectory);
            }
        }
        index.millis = (System.nanoTime() - start) / 1_000_000;
        return index;
    }

    public Collection<ClassInfo> classes() {
        return classes.values();
    }

    public ClassInfo get(String name) {
        return classes.get(name);
    }

    /** How the scan went: classes, jars read, jars from the cache, milliseconds. */
    public String summary() {
        return classes.size() + " classes, " + jarsRead + " jar(s) read, " + jarsFromCache + " from the cache, " + millis + " ms";
    }

    public int jarsFromCache() {
        return jarsFromCache;
    }

    public int jarsRead() {
        return jarsRead;
    }

    /** Classes annotated (at class level) with the annotation type of that name. */
    public List<String> annotatedWith(String annotation) {
        List<String> names = new ArrayList<>();
        for (ClassInfo info : classes.values()) {
            for (String present : info.annotations()) {
                if (present.equals(annotation)) {
                    names.add(info.name());
                    break;
                }
            }
        }
        return names;
    }

    /**
     * Classes that extend or implement the type of that name, directly or not. A supertype the
     * index does not hold (a JDK or server class) is asked of loader, without initialising it.
     */
    public List<String> subtypesOf(String type, ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (ClassInfo info : classes.values()) {
            if (!info.name().equals(type) && isSubtype(info.name(), type, loader, 0)) {
                names.add(info.name());
            }
        }
        return names;
    }

    private boolean isSubtype(String name, String type, ClassLoader loader, int depth) {
        if (name == null || depth > 64) {
            return false;
        }
        if (name.equals(type)) {
            return true;
        }
        String key = name + '>' + type;
        Boolean known = subtypeMemo.get(key);
        if (known != null) {
            return known;
        }
        boolean result;
        ClassInfo info = classes.get(name);
        if (info != null) {
            result = isSubtype(info.superName(), type, loader, depth + 1);
            for (int i = 0; !result && i < info.interfaces().length; i++) {
                result = isSubtype(info.interfaces()[i], type, loader, depth + 1);
            }
        } else if (name.equals("java.lang.Object")) {
            result = false;
        } else {
            result = assignable(name, type, loader);
        }
        subtypeMemo.put(key, result);
        return result;
    }

    private static boolean assignable(String name, String type, ClassLoader loader) {
        try {
            Class<?> target = Class.forName(type, false, loader);
            return target.isAssignableFrom(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private void scanDirectory(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".class") && !fileName.equals("module-info.class") && !fileName.equals("package-info.class")) {
                    ClassInfo info = read(Files.readAllBytes(file));
                    if (info != null) {
                        classes.putIfAbsent(info.name(), info);
                    }
                }
            }
        }
    }

    private void scanJar(Path jar, Path cacheDirectory) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
        String key = jar.toAbsolutePath().normalize() + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis();
        Path cache = cacheDirectory == null ? null
                : cacheDirectory.resolve(Integer.toHexString(key.hashCode()) + "-" + jar.getFileName() + ".idx");
        if (cache != null && Files.isRegularFile(cache)) {
            List<ClassInfo> cached = readCache(cache, key);
            if (cached != null) {
                for (ClassInfo info : cached) {
                    classes.putIfAbsent(info.name(), info);
                }
                jarsFromCache++;
                return;
            }
        }
        List<ClassInfo> found = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            java.util.Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class") || name.endsWith("package-info.class")
                        || name.startsWith("META-INF/")) {
                    continue; // multi-release versions are variants of classes already read
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    ClassInfo info = read(in.readAllBytes());
                    if (info != null) {
                        found.add(info);
                    }
                }
            }
        }
        jarsRead++;
        for (ClassInfo info : found) {
            classes.putIfAbsent(info.name(), info);
        }
        if (cache != null) {
            writeCache(cache, key, found);
        }
    }

    private static List<ClassInfo> readCache(Path cache, String key) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache), 65536))) {
            if (in.readInt() != CACHE_MAGIC || in.readInt() != CACHE_VERSION || !in.readUTF().equals(key)) {
                return null;
            }
            int stringCount = in.readInt();
            String[] strings = new String[stringCount];
            for (int i = 0; i < stringCount; i++) {
                strings[i] = in.readUTF();
            }
            int count = in.readInt();
            List<ClassInfo> infos = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = strings[in.readInt()];
                int superIndex = in.readInt();
                String[] interfaces = new String[in.readUnsignedShort()];
                for (int j = 0; j < interfaces.length; j++) {
                    interfaces[j] = strings[in.readInt()];
                }
                String[] annotations = new String[in.readUnsignedShort()];
                for (int j = 0; j < annotations.length; j++) {
                    annotations[j] = strings[in.readInt()];
                }
                boolean isAbstract = in.readBoolean();
                infos.add(new ClassInfo(name, superIndex < 0 ? null : strings[superIndex], interfaces, annotations, isAbstract));
            }
            return infos;
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable cache is read again from the jar
        }
    }

    private static void writeCache(Path cache, String key, List<ClassInfo> infos) {
        try {
            Files.createDirectories(cache.getParent());
            Map<String, Integer> strings = new LinkedHashMap<>();
            for (ClassInfo info : infos) {
                strings.putIfAbsent(info.name(), strings.size());
                if (info.superName() != null) {
                    strings.putIfAbsent(info.superName(), strings.size());
                }
                for (String name : info.interfaces()) {
                    strings.putIfAbsent(name, strings.size());
                }
                for (String name : info.annotations()) {
                    strings.putIfAbsent(name, strings.size());
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(infos.size() * 32 + 1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(CACHE_MAGIC);
            out.writeInt(CACHE_VERSION);
            out.writeUTF(key);
            out.writeInt(strings.size());
            for (String string : strings.keySet()) {
                out.writeUTF(string);
            }
            out.writeInt(infos.size());
            for (ClassInfo info : infos) {
                out.writeInt(strings.get(info.name()));
                out.writeInt(info.superName() == null ? -1 : strings.get(info.superName()));
                out.writeShort(info.interfaces().length);
                for (String name : info.interfaces()) {
                    out.writeInt(strings.get(name));
                }
                out.writeShort(info.annotations().length);
                for (String name : info.annotations()) {
                    out.writeInt(strings.get(name));
                }
                out.writeBoolean(info.isAbstract());
            }
            out.flush();
            Path temporary = Files.createTempFile(cache.getParent(), "index-", ".tmp");
            Files.write(temporary, bytes.toByteArray());
            Files.move(temporary, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // no cache this time: the jar is read again at the next deployment
        }
    }

    /**
     * Reads a class file's header (JVMS chapter 4): the constant pool, then the access flags,
     * this class, its superclass and interfaces; fields and methods are skipped to reach the
     * class's attributes, of which RuntimeVisibleAnnotations and RuntimeInvisibleAnnotations give
     * the annotation types. Returns null for what is not a class file.
     */
    static ClassInfo read(byte[] b) {
        if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
            return null;
        }
        int count = u2(b, 8);
        int[] offsets = new int[count];
        int p = 10;
        for (int i = 1; i < count; i++) {
            int tag = b[p] & 0xff;
            offsets[i] = p;
            switch (tag) {
                case 1 -> p += 3 + u2(b, p + 1); // Utf8
                case 3, 4 -> p += 5; // Integer, Float
                case 5, 6 -> { // Long, Double: two entries
                    p += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> p += 3; // Class, String, MethodType, Module, Package
                case 9, 10, 11, 12, 17, 18 -> p += 5; // refs, NameAndType, Dynamic, InvokeDynamic
                case 15 -> p += 4; // MethodHandle
                default -> {
                    return null;
                }
            }
        }
        int access = u2(b, p);
        String name = className(b, offsets, u2(b, p + 2));
        int superIndex = u2(b, p + 4);
        String superName = superIndex == 0 ? null : className(b, offsets, superIndex);
        int interfaceCount = u2(b, p + 6);
        String[] interfaces = new String[interfaceCount];
        p += 8;
        for (int i = 0; i < interfaceCount; i++) {
            interfaces[i] = className(b, offsets, u2(b, p));
            p += 2;
        }
        for (int members = 0; members < 2; members++) { // fields, then methods
            int memberCount = u2(b, p);
            p += 2;
            for (int i = 0; i < memberCount; i++) {
                p += 6;
                int attributes = u2(b, p);
                p += 2;
                for (int j = 0; j < attributes; j++) {
                    p += 6 + u4(b, p + 2);
                }
            }
        }
        List<String> annotations = new ArrayList<>();
        int attributes = u2(b, p);
        p += 2;
        for (int i = 0; i < attributes; i++) {
            String attribute = utf8(b, offsets[u2(b, p)]);
            int length = u4(b, p + 2);
            if (attribute.equals("RuntimeVisibleAnnotations") || attribute.equals("RuntimeInvisibleAnnotations")) {
                int q = p + 6;
                int annotationCount = u2(b, q);
                q += 2;
                for (int j = 0; j < annotationCount; j++) {
                    String descriptor = utf8(b, offsets[u2(b, q)]);
                    if (descriptor.startsWith("L") && descriptor.endsWith(";")) {
                        annotations.add(descriptor.substring(1, descriptor.length() - 1).replace('/', '.'));
                    }
                    q = skipAnnotation(b, q);
                }
            }
            p += 6 + length;
        }
        boolean isAbstract = (access & 0x0600) != 0; // ACC_INTERFACE or ACC_ABSTRACT
        return new ClassInfo(name, superName, interfaces, annotations.toArray(new String[0]), isAbstract);
    }

    private static int skipAnnotation(byte[] b, int p) {
        int pairs = u2(b, p + 2);
        p += 4;
        for (int i = 0; i < pairs; i++) {
            p = skipElementValue(b, p + 2);
        }
        return p;
    }

    private static int skipElementValue(byte[] b, int p) {
        int tag = b[p] & 0xff;
        return switch (tag) {
            case 'e' -> p + 5;
            case '@' -> skipAnnotation(b, p + 1);
            case '[' -> {
                int values = u2(b, p + 1);
                int q = p + 3;
                for (int i = 0; i < values; i++) {
                    q = skipElementValue(b, q);
                }
                yield q;
            }
            default -> p + 3; // constants and class
        };
    }

    private static String className(byte[] b, int[] offsets, int classIndex) {
        int classEntry = offsets[classIndex];
        return utf8(b, offsets[u2(b, classEntry + 1)]).replace('/', '.');
    }

    /** A Utf8 entry's text: class names are ASCII nearly always, which skips the decoder. */
    private static String utf8(byte[] b, int entry) {
        int length = u2(b, entry + 1);
        int start = entry + 3;
        for (int i = start; i < start + length; i++) {
            if (b[i] < 0 || b[i] == 0) {
                return modifiedUtf8(b, start, length);
            }
        }
        return new String(b, start, length, StandardCharsets.ISO_8859_1);
    }

    private static String modifiedUtf8(byte[] b, int start, int length) {
        try {
            byte[] framed = new byte[length + 2];
            framed[0] = (byte) (length >> 8);
            framed[1] = (byte) length;
            System.arraycopy(b, start, framed, 2, length);
            return new DataInputStream(new java.io.ByteArrayInputStream(framed)).readUTF();
        } catch (IOException e) {
            return new String(b, start, length, StandardCharsets.UTF_8);
        }
    }

    private static int u2(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    private static int u4(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }
}
