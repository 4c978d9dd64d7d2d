package io.github.lsbaws.servlet.scope;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * How the attribute listeners of one scope (the application, a request, a session) hear of a
 * change: the scope's event, and which of the listener's three methods is called. The event
 * carries the new value of an added attribute and the old value of a replaced or removed one,
 * in every scope. Each scope keeps one, made at class initialisation: in the parent, so that
 * no child spins its lambdas.
 *
 * @param <S> the scope (ServletContext, ServletRequest, HttpSession)
 * @param <L> the scope's attribute listener
 * @param <E> the scope's attribute event
 */
public record AttributeEvents<S, L, E>(EventFactory<S, E> event, BiConsumer<L, E> added, BiConsumer<L, E> replaced,
                                       BiConsumer<L, E> removed) {
    /** The scope's event for an attribute. */
    public interface EventFactory<S, E> {
        E of(S scope, String name, Object value);
    }

    /** Tells listeners that name went from old to value in scope (old null: added; value null: removed). */
    public void changed(S scope, List<L> listeners, String name, Object old, Object value) {
        if (listeners.isEmpty() || (old == null && value == null)) {
            return;
        }
        E change = event.of(scope, name, old == null ? value : old);
        BiConsumer<L, E> method = old == null ? added : value == null ? removed : replaced;
        for (L listener : listeners) {
            method.accept(listener, change);
        }
    }
}
