package dev.meridian.console.usage;

/**
 * Why a valid batch's row was not counted. Such rows are dropped, not refused with the batch: they are
 * what a node's spool may legitimately still hold, and refusing them would block the node's queue.
 */
public enum DropReason {
    /** Its property or hostname is no longer in the config (deleted while the node's spool held its minutes). */
    UNKNOWN_HOST,
    /** Its minute is older than the per-minute retention: it would be deleted at once anyway. */
    TOO_OLD
}
