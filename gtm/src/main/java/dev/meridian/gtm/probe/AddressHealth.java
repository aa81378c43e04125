package dev.meridian.gtm.probe;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The operator's view of one address: its state, each vantage point's opinion, and recent transitions. */
public record AddressHealth(String address, boolean up, boolean probed, Instant since,
                            Map<String, Hysteresis> vantages, List<Transition> transitions) {}
