package dev.meridian.console.report;

import dev.meridian.console.web.Viewer;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Whose data a report covers: one customer (or every customer, for an operator who chose none) and
 * optionally one of its properties. Every report query takes its WHERE clause from here, so no query
 * can forget the customer.
 *
 * @param customer the customer, or null for every customer
 * @param property one property (a CDN or GTM hostname), or null for all of the customer's
 */
public record Scope(String customer, String property) {
    /**
     * The scope of what {@code viewer} is looking at. The caller has checked that {@code property}, when
     * given, is one the viewer may see; the customer clause still applies, so a property of another
     * customer's yields nothing even if that check were missed.
     */
    public static Scope of(Viewer viewer, String property) {
        if (!viewer.operator() && viewer.customer() == null) {
            throw new IllegalStateException("a customer user without a customer: " + viewer.user());
        }
        return new Scope(viewer.customer(), property);
    }

    /**
     * The narrowest of a family of minute rollups that holds this scope: ingest keeps each family's
     * per-property (or per-hostname) rows, their sums per customer and their sums over the network in the
     * same transaction, so all three agree, and the narrowest is the one with the fewest rows to read.
     */
    String table(String perProperty, String perCustomer, String network) {
        return property != null ? perProperty : customer != null ? perCustomer : network;
    }

    /** {@code " AND customer = ? AND <propertyColumn> = ?"}, each part only where it applies. */
    String where(String propertyColumn) {
        return (customer == null ? "" : " AND customer = ?") + (property == null ? "" : " AND " + propertyColumn + " = ?");
    }

    /** Binds what {@link #where} asked for from parameter {@code index} on; returns the next index. */
    int bind(PreparedStatement statement, int index) throws SQLException {
        int next = index;
        if (customer != null) {
            statement.setString(next++, customer);
        }
        if (property != null) {
            statement.setString(next++, property);
        }
        return next;
    }
}
