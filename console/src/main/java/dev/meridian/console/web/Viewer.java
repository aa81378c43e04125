package dev.meridian.console.web;

import io.undertow.util.AttachmentKey;

/**
 * Who is looking at a portal page or calling the API, as the session layer established it. Every page
 * and query takes its scope from here and nowhere else: a customer sees only {@link #customer()}, an
 * operator whichever customer they switched to (or all, when none is chosen).
 *
 * @param user      the login name
 * @param role      customer user or operator
 * @param customer  the customer whose data is shown: the user's own for a customer user; the chosen one,
 *                  or null for "every customer", for an operator
 * @param csrfToken the token every form of this session must post back
 */
public record Viewer(String user, Role role, String customer, String csrfToken) {
    /** Set on the exchange by the session layer before any page handler runs. */
    public static final AttachmentKey<Viewer> KEY = AttachmentKey.create(Viewer.class);

    /** What a user is. */
    public enum Role { CUSTOMER, OPERATOR }

    public boolean operator() {
        return role == Role.OPERATOR;
    }

    /** Whether this viewer may see anything of {@code customerId}'s. */
    public boolean mayView(String customerId) {
        return role == Role.OPERATOR || customerId.equals(customer);
    }
}
