package dev.meridian.console.start;

import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.AnswerAddresses;
import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PropertyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the start page shows, built from the config for one viewer: the CDN hostnames with their origins
 * and the GTM hostnames with where they may be answered and how healthy each address is. Only customers
 * the viewer is scoped to appear; nothing else of the config is read.
 *
 * @param scope       the customer shown, or null when an operator looks at every customer
 * @param cdn         properties served through the POPs
 * @param gtm         hostnames the GTM answers for
 * @param healthKnown whether the GTM told its health (else every address shows unknown)
 */
public record StartView(String scope, List<CdnHostname> cdn, List<GtmHostname> gtm, boolean healthKnown) {

    /** A property with origins. */
    public record CdnHostname(String customer, String host, List<Origin> origins) {
    }

    /** An origin: the Host the edge sends and the servers it fetches from. */
    public record Origin(String host, List<String> servers, String policy) {
    }

    /** A hostname the GTM answers for, with every address it may answer with. */
    public record GtmHostname(String customer, String host, List<Answer> answers) {
    }

    /**
     * One address of a GTM hostname.
     *
     * @param location the POP's location ("San Jose (sjc)"), or "customer server"
     * @param health   up, down, stale or unknown
     */
    public record Answer(String location, String address, String health) {
    }

    public static StartView of(MeridianConfig config, Viewer viewer, GtmHealth.Snapshot health) {
        List<CdnHostname> cdn = new ArrayList<>();
        List<GtmHostname> gtm = new ArrayList<>();
        for (CustomerConfig customer : config.customers()) {
            if (!inScope(viewer, customer.id())) {
                continue;
            }
            for (PropertyConfig property : customer.properties()) {
                if (!property.origins().isEmpty()) {
                    cdn.add(new CdnHostname(customer.id(), property.host(), property.origins().stream()
                            .map(StartView::origin).toList()));
                }
                List<Answer> answers = AnswerAddresses.of(config, property).stream()
                        .map(t -> new Answer(location(config, t.pop()), t.address(), health.status(t.address()))).toList();
                if (!answers.isEmpty()) {
                    gtm.add(new GtmHostname(customer.id(), property.host(), answers));
                }
            }
        }
        return new StartView(viewer.customer(), cdn, gtm, health.from() != null);
    }

    /** A customer user sees their customer; an operator the chosen one, or every one when none is chosen. */
    private static boolean inScope(Viewer viewer, String customerId) {
        return viewer.customer() == null ? viewer.operator() : viewer.customer().equals(customerId);
    }

    private static Origin origin(OriginConfig o) {
        return new Origin(o.host(), o.serverUrls(), o.servers().size() > 1 ? o.policy().name().toLowerCase(Locale.ROOT) : "");
    }

    private static String location(MeridianConfig config, String popId) {
        if (popId == null) {
            return "customer server";
        }
        return config.pop(popId).map(PopConfig::location).filter(l -> l != null && l.name() != null)
                .map(l -> l.name() + " (" + popId + ")").orElse(popId);
    }
}
