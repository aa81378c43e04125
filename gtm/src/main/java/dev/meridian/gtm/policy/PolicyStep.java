package dev.meridian.gtm.policy;

/** One step of a hostname's answer chain: takes what is left and narrows, orders or settles it. */
@FunctionalInterface
public interface PolicyStep {
    Selection apply(Selection in, PolicyContext context);
}
