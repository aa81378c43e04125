package dev.meridian.gtm.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Hidden backups: never given out while any primary is still in the selection. It runs right after
 * {@link DropUnavailable}, before anything that looks at the client, so a backup can never win a mapping,
 * a persisted answer or a ranking while a primary is up.
 */
public final class HiddenBackups implements PolicyStep {
    @Override
    public Selection apply(Selection in, PolicyContext context) {
        int backups = 0;
        for (Candidate c : in.candidates()) {
            backups += c.backup() ? 1 : 0;
        }
        if (backups == 0) {
            return in; // the common case: nothing to hide, and no selection to rebuild
        }
        if (backups == in.candidates().size()) {
            return in.narrowed(in.candidates(), "backup");
        }
        List<Candidate> primaries = new ArrayList<>(in.candidates().size() - backups);
        for (Candidate c : in.candidates()) {
            if (!c.backup()) {
                primaries.add(c);
            }
        }
        return in.narrowed(primaries, in.reason());
    }
}
