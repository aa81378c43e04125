package dev.meridian.probe.service;

/** Where probe results go: the local health board, or a GTM server over the network. */
@FunctionalInterface
public interface ProbeResultSink {
    void accept(ProbeResult result);
}
