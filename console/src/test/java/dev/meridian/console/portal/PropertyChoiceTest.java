package dev.meridian.console.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.report.Scope;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PropertyChoiceTest {
    private static final Viewer OPERATOR = PortalPagesTest.VIEWERS.get("olga");
    private static final Viewer ACME_USER = PortalPagesTest.VIEWERS.get("alice");

    private PropertyChoice choice;

    @BeforeEach
    void load() throws Exception {
        choice = new PropertyChoice(new ConfigHolder(new ConfigLoader(name -> null).loadYaml("test", PortalPagesTest.CONFIG)));
    }

    @Test
    void anOperatorsPickOfAPropertyIsScopedToItsOwnerSoEveryPropertyQueryNamesTheCustomer() {
        assertThat(choice.scope(OPERATOR, "globex.cdn.test")).isEqualTo(new Scope("globex", "globex.cdn.test"));
        assertThat(choice.scope(OPERATOR, null)).as("every customer").isEqualTo(new Scope(null, null));
    }

    @Test
    void aCustomerUsersScopeIsTheirOwnCustomerWhateverTheProperty() {
        assertThat(choice.scope(ACME_USER, "static.acme.test")).isEqualTo(new Scope("acme", "static.acme.test"));
        assertThat(choice.scope(ACME_USER, null)).isEqualTo(new Scope("acme", null));
    }
}
