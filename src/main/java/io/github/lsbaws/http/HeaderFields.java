package io.github.lsbaws.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Header fields in arrival order; names keep their case and compare case-insensitively. */
public final class HeaderFields implements Iterable<HeaderFields.Field> {
    public record Field(String name, String value) {}

    private final List<Field> fields = new ArrayList<>();

    public HeaderFields add(String name, String value) {
        fields.add(new Field(name, value));
        return this;
    }

    /** The first value of name, or null. */
    public String first(String name) {
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(name)) {
                return field.value;
            }
        }
        return null;
    }

    public List<String> all(String name) {
        List<String> values = new ArrayList<>(1);
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(name)) {
                values.add(field.value);
            }
        }
        return values;
    }

    /** How many fields are called name. */
    public int count(String name) {
        int count = 0;
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(name)) {
                count++;
            }
        }
        return count;
    }

    public boolean contains(String name) {
        return first(name) != null;
    }

    public void remove(String name) {
        fields.removeIf(field -> field.name.equalsIgnoreCase(name));
    }

    public int size() {
        return fields.size();
    }

    @Override
    public Iterator<Field> iterator() {
        return fields.iterator();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
