package dev.meridian.gtm.map;

import dev.meridian.core.net.Cidr;

import java.net.InetAddress;
import java.util.List;

/**
 * Where the map sends one client: the block it falls in, the POP (null when there is no preference),
 * why, and every POP's standing for it (best first).
 */
public record MapAnswer(InetAddress client, Cidr block, String pop, Reason reason, List<PopScore> scores) {}
