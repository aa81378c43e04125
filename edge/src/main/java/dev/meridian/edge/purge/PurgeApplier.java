package dev.meridian.edge.purge;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.route.Rejection;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One purge on this POP, whoever asked: resolves the targets through the edge's router, checks the
 * principal may purge them, and purges. What {@link PurgeHandler} does for a direct call and {@link
 * PurgeSequencer} for the console's numbered purges.
 */
final class PurgeApplier {
    private static final Logger log = LoggerFactory.getLogger(PurgeApplier.class);

    private final Purger purger;
    private final String popId;

    PurgeApplier(Purger purger, String popId) {
        this.purger = purger;
        this.popId = popId;
    }

    /** What one applied purge covered and did. */
    record Applied(PurgeRequest request, PurgeTargets.Resolved targets, Purger.Result result) {
    }

    /** Blocking (the disk tier). @throws Rejection 403 for content the principal may not purge, or the target's own refusal */
    Applied apply(MeridianConfig current, PurgeAuthorizer.Principal who, PurgeRequest request) throws Rejection {
        PurgeTargets.Resolved targets = PurgeTargets.resolve(current, request, who);
        if (!PurgeAuthorizer.mayPurge(current, who, targets.properties())) {
            throw new Rejection(403, "this token may not purge content of " + request.target());
        }
        Purger.Result result = request.kind() == PurgeRequest.Kind.TAG
                ? purger.purgeTag(request.target(), targets.ranges(), request.soft())
                : purger.purge(targets.ranges(), request.soft());
        log.info("purge on {} by {}: {} {}{} touched {} objects and {} derived in {} ms", popId, who,
                request.kind().name().toLowerCase(Locale.ROOT), request.target(), request.soft() ? " (soft)" : "",
                result.purged(), result.derived(), String.format(Locale.ROOT, "%.3f", result.nanos() / 1e6));
        return new Applied(request, targets, result);
    }
}
