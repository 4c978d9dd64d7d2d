package io.github.lsbaws.redefine;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What of a class file a redefinition must leave as it is, as text lines: the class's header
 * (access, name, superclass, interfaces), its fields and methods (access, name, descriptor), their
 * annotations, signatures, constant values and thrown exceptions, the class's nest and inner
 * classes, and the code of its constructors and static initialiser. Two class files of one class
 * with the same shape differ only in method bodies: the serving generation can redefine the class.
 * Anything else (a new handler method, a changed annotation a framework read at deployment, an
 * initialiser whose objects already exist) needs a new generation.
 *
 * <p>Constant-pool references are resolved to what they name, so that a body edit that moves
 * the constant pool's entries does not look like a change of shape.
 */
public final class ClassShape {
    /** Attributes that belong to method bodies or to debugging: a redefinition may change them. */
    private static final Set<String> BODY_ATTRIBUTES = Set.of("Code", "SourceFile", "SourceDebugExtension",
            "BootstrapMethods", "LineNumberTable", "LocalVariableTable", "LocalVariableTypeTable", "StackMapTable");
    private static final Set<String> ANNOTATIONS = Set.of("RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations");
    private static final Set<String> PARAMETER_ANNOTATIONS = Set.of("RuntimeVisibleParameterAnnotations",
            "RuntimeInvisibleParameterAnnotations");
    /** Annotations on types (jakarta.validation's @Valid is one too), outside method code. */
    private static final Set<String> TYPE_ANNOTATIONS = Set.of("RuntimeVisibleTypeAnnotations", "RuntimeInvisibleTypeAnnotations");
    /** Attributes made of a count and that many class references. */
    private static final Set<String> CLASS_LISTS = Set.of("Exceptions", "NestMembers", "PermittedSubclasses");

    private final String className;
    private final List<String> lines;

    private ClassShape(String className, List<String> lines) {
        this.className = className;
        this.lines = lines;
    }

    /** The shape of a class file; fails with IOException for bytes that are not one. */
    public static ClassShape of(byte[] classFile) throws IOException {
        try {
            return new Reader(classFile).read();
        } catch (RuntimeException e) { // an index out of range: a truncated or foreign file
            throw new IOException("not a class file: " + e, e);
        }
    }

    /** The class's binary name with dots (com.example.Foo$Bar). */
    public String className() {
        return className;
    }

    /** The first line that differs from other's, said for a person ("method added: ..."); null when the shapes are equal. */
    public String differenceFrom(ClassShape other) {
        if (!className.equals(other.className)) {
            return "the class file now holds " + className + " instead of " + other.className;
        }
        for (String line : lines) {
            if (!other.lines.contains(line)) {
                return className + ": " + line + " (new or changed)";
            }
        }
        for (String line : other.lines) {
            if (!lines.contains(line)) {
                return className + ": " + line + " (removed or changed)";
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassShape other && className.equals(other.className) && lines.equals(other.lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }

    /** One pass over a class file (JVMS chapter 4). */
    private static final class Reader {
        private final DataInputStream in;
        private Object[] pool;
        /** The code of the last Code attribute read, resolved; kept for constructors and static initialisers. */
        private String initialiserCode;

        Reader(byte[] bytes) {
            in = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        ClassShape read() throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file: no 0xCAFEBABE");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            readPool();
            int access = in.readUnsignedShort();
            String name = className(in.readUnsignedShort());
            int superIndex = in.readUnsignedShort();
            StringBuilder header = new StringBuilder("class ").append(Integer.toHexString(access)).append(' ').append(name);
            header.append(" extends ").append(superIndex == 0 ? "-" : className(superIndex)).append(" implements");
            int interfaces = in.readUnsignedShort();
            for (int i = 0; i < interfaces; i++) {
                header.append(' ').append(className(in.readUnsignedShort()));
            }
            // members are sorted: reordering declarations changes no shape
            Set<String> lines = new TreeSet<>();
            lines.add(header.toString());
            readMembers("field", lines);
            readMembers("method", lines);
            lines.addAll(readAttributes("class"));
            return new ClassShape(name.replace('/', '.'), List.copyOf(lines));
        }

        private void readPool() throws IOException {
            int count = in.readUnsignedShort();
            pool = new Object[count];
            int[][] references = new int[count][];
            int[] tags = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                tags[i] = tag;
                switch (tag) {
                    case 1 -> pool[i] = in.readUTF();
                    case 3 -> pool[i] = "int " + in.readInt();
                    case 4 -> pool[i] = "float " + in.readFloat();
                    case 5 -> pool[i++] = "long " + in.readLong();
                    case 6 -> pool[i++] = "double " + in.readDouble();
                    case 7, 8, 16, 19, 20 -> references[i] = new int[] {in.readUnsignedShort()};
                    case 9, 10, 11, 12 -> references[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    case 15 -> references[i] = new int[] {-in.readUnsignedByte(), in.readUnsignedShort()};
                    case 17, 18 -> { // the bootstrap method's index says only where it is in the class: left out
                        in.readUnsignedShort();
                        references[i] = new int[] {-1, in.readUnsignedShort()};
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            for (int i = 1; i < count; i++) {
                resolve(i, tags, references);
            }
        }

        /** The text of pool entry i, references followed. */
        private Object resolve(int i, int[] tags, int[][] references) {
            if (pool[i] != null || references[i] == null) {
                return pool[i];
            }
            int[] refs = references[i];
            String text = switch (tags[i]) {
                case 7 -> "class " + resolve(refs[0], tags, references);
                case 8 -> "string " + resolve(refs[0], tags, references);
                case 16 -> "methodtype " + resolve(refs[0], tags, references);
                case 19, 20 -> "module/package " + resolve(refs[0], tags, references);
                case 9, 10, 11 -> resolve(refs[0], tags, references) + "." + resolve(refs[1], tags, references);
                case 12 -> resolve(refs[0], tags, references) + ":" + resolve(refs[1], tags, references);
                case 15 -> "handle " + (-refs[0]) + " " + resolve(refs[1], tags, references);
                default -> "dynamic " + resolve(refs[1], tags, references);
            };
            pool[i] = text;
            return text;
        }

        private String utf8(int index) {
            return (String) pool[index];
        }

        private String constant(int index) {
            return index == 0 ? "-" : String.valueOf(pool[index]);
        }

        private String className(int index) {
            String text = constant(index);
            return text.startsWith("class ") ? text.substring("class ".length()) : text;
        }

        private void readMembers(String kind, Set<String> lines) throws IOException {
            int count = in.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                int access = in.readUnsignedShort();
                String member = kind + " " + utf8(in.readUnsignedShort()) + " " + utf8(in.readUnsignedShort());
                lines.add(member + " access " + Integer.toHexString(access));
                boolean initialiser = member.startsWith("method <init> ") || member.startsWith("method <clinit> ");
                for (String attribute : readAttributes(member)) {
                    lines.add(attribute);
                }
                if (initialiser) {
                    lines.add(member + " code " + initialiserCode);
                }
                initialiserCode = null;
            }
        }

        /** The attributes that are part of the shape, each as a line prefixed with owner. */
        private List<String> readAttributes(String owner) throws IOException {
            int count = in.readUnsignedShort();
            List<String> result = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = utf8(in.readUnsignedShort());
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                if (name.equals("Code")) {
                    initialiserCode = Bytecode.describe(body, pool);
                } else if (!BODY_ATTRIBUTES.contains(name)) {
                    result.add(owner + " " + name + " " + describeAttribute(name, body));
                }
            }
            return result;
        }

        private String describeAttribute(String name, byte[] body) throws IOException {
            DataInputStream attribute = new DataInputStream(new ByteArrayInputStream(body));
            StringBuilder text = new StringBuilder();
            if (ANNOTATIONS.contains(name)) {
                int count = attribute.readUnsignedShort();
                for (int i = 0; i < count; i++) {
                    annotation(attribute, text.append(' '));
                }
            } else if (PARAMETER_ANNOTATIONS.contains(name)) {
                int parameters = attribute.readUnsignedByte();
                for (int p = 0; p < parameters; p++) {
                    text.append(" (");
                    int count = attribute.readUnsignedShort();
                    for (int i = 0; i < count; i++) {
                        annotation(attribute, text.append(' '));
                    }
                    text.append(')');
                }
            } else if (TYPE_ANNOTATIONS.contains(name)) {
                int count = attribute.readUnsignedShort();
                for (int i = 0; i < count; i++) {
                    typeAnnotation(attribute, text.append(' '));
                }
            } else if (name.equals("AnnotationDefault")) {
                elementValue(attribute, text);
            } else if (name.equals("Signature") || name.equals("ConstantValue") || name.equals("NestHost")) {
                text.append(constant(attribute.readUnsignedShort()));
            } else if (CLASS_LISTS.contains(name)) {
                int count = attribute.readUnsignedShort();
                for (int i = 0; i < count; i++) {
                    text.append(' ').append(className(attribute.readUnsignedShort()));
                }
            } else if (name.equals("InnerClasses")) {
                int count = attribute.readUnsignedShort();
                Set<String> entries = new TreeSet<>();
                for (int i = 0; i < count; i++) {
                    entries.add(className(attribute.readUnsignedShort()) + " in " + className(attribute.readUnsignedShort())
                            + " as " + constant(attribute.readUnsignedShort()) + " " + Integer.toHexString(attribute.readUnsignedShort()));
                }
                text.append(entries);
            } else if (name.equals("EnclosingMethod")) {
                text.append(className(attribute.readUnsignedShort())).append(' ').append(constant(attribute.readUnsignedShort()));
            } else if (name.equals("MethodParameters")) {
                int count = attribute.readUnsignedByte();
                for (int i = 0; i < count; i++) {
                    text.append(' ').append(constant(attribute.readUnsignedShort())).append('/').append(attribute.readUnsignedShort());
                }
            } else {
                // Record, module attributes...: compared as bytes (a difference there restarts)
                text.append(HexFormat.of().formatHex(body));
            }
            return text.toString();
        }

        private void annotation(DataInputStream attribute, StringBuilder text) throws IOException {
            text.append('@').append(utf8(attribute.readUnsignedShort())).append('(');
            int pairs = attribute.readUnsignedShort();
            for (int i = 0; i < pairs; i++) {
                text.append(i == 0 ? "" : ", ").append(utf8(attribute.readUnsignedShort())).append('=');
                elementValue(attribute, text);
            }
            text.append(')');
        }

        /** A type annotation (JVMS 4.7.20): where it is, as bytes that name no constant, then the annotation. */
        private void typeAnnotation(DataInputStream attribute, StringBuilder text) throws IOException {
            int target = attribute.readUnsignedByte();
            int targetBytes = switch (target) {
                case 0x00, 0x01, 0x16 -> 1;
                case 0x10, 0x11, 0x12, 0x17, 0x42, 0x43, 0x44, 0x45, 0x46 -> 2;
                case 0x13, 0x14, 0x15 -> 0;
                case 0x47, 0x48, 0x49, 0x4A, 0x4B -> 3;
                case 0x40, 0x41 -> -1;
                default -> throw new IOException("unknown type annotation target " + target);
            };
            if (targetBytes < 0) { // a local variable's ranges
                targetBytes = 2 + 6 * attribute.readUnsignedShort();
            }
            byte[] where = new byte[targetBytes];
            attribute.readFully(where);
            byte[] path = new byte[2 * attribute.readUnsignedByte()];
            attribute.readFully(path);
            text.append(Integer.toHexString(target)).append(HexFormat.of().formatHex(where)).append('/')
                    .append(HexFormat.of().formatHex(path));
            annotation(attribute, text);
        }

        private void elementValue(DataInputStream attribute, StringBuilder text) throws IOException {
            char tag = (char) attribute.readUnsignedByte();
            switch (tag) {
                case 'e' -> text.append(utf8(attribute.readUnsignedShort())).append('.').append(utf8(attribute.readUnsignedShort()));
                case 'c' -> text.append(utf8(attribute.readUnsignedShort())).append(".class");
                case '@' -> annotation(attribute, text);
                case '[' -> {
                    int count = attribute.readUnsignedShort();
                    text.append('{');
                    for (int i = 0; i < count; i++) {
                        elementValue(attribute, text.append(i == 0 ? "" : ", "));
                    }
                    text.append('}');
                }
                default -> text.append(tag).append(':').append(constant(attribute.readUnsignedShort()));
            }
        }
    }
}
