package dev.meridian.gtm.policy;

/**
 * Hidden backups: never given out while any primary is still in the selection. It runs right after
 * {@link DropUnavailable}, before anything that looks at the client, so a backup can never win a mapping,
 * a persisted answer or a ranking while a primary is up.
 */
public final class HiddenBackups implements PolicyStep {
    @Override
    public Selection apply(Selection in, PolicyContext context) {
        boolean primaryUp = in.candidates().stream().anyMatch(c -> !c.backup());
        return primaryUp
                ? in.narrowed(in.candidates().stream().filter(c -> !c.backup()).toList(), in.reason())
                : in.narrowed(in.candidates(), in.isEmpty() ? in.reason() : "backup");
    }
}
