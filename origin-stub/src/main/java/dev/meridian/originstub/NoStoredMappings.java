package dev.meridian.originstub;

import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import java.util.List;

/**
 * The stub's mappings live in memory only. WireMock's default reads and writes {@code mappings/} under
 * the working directory, which would let stray files change the origin, and builds a template engine
 * whose XML helper fails when another XSLT implementation (JMeter's Xalan) is on the classpath.
 */
final class NoStoredMappings implements MappingsSource {
    @Override
    public void loadMappingsInto(StubMappings stubMappings) {
        // Nothing stored: the stub registers its own mappings after start.
    }

    @Override
    public void save(List<StubMapping> stubMappings) {
        // Kept in memory by WireMock itself; nothing to persist.
    }

    @Override
    public void save(StubMapping stubMapping) {
        // As above.
    }

    @Override
    public void remove(StubMapping stubMapping) {
        // As above.
    }

    @Override
    public void removeAll() {
        // As above.
    }
}
