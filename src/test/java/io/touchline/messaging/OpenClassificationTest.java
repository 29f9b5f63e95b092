package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The proxy networks' address blocks as configured: which network an opener's address belongs to. */
class OpenClassificationTest {

    private static OpenClassification with(String apple, String other) {
        MockEnvironment environment = new MockEnvironment().withProperty("touchline.tracking.proxy-networks.apple", apple);
        if (other != null) {
            environment.setProperty("touchline.tracking.proxy-networks.example-relay", other);
        }
        return new OpenClassification(null, environment);
    }

    @Test
    void anAddressIsInAProxyNetworkOnlyInsideItsBlocks() {
        OpenClassification classification = with("17.0.0.0/8", "2001:db8::/32, 198.51.100.0/24");
        assertThat(classification.networkOf("17.58.1.200")).isEqualTo("apple");
        assertThat(classification.networkOf("18.0.0.1")).isEqualTo("none");
        assertThat(classification.networkOf("16.255.255.255")).isEqualTo("none");
        assertThat(classification.networkOf("198.51.100.7")).isEqualTo("example-relay");
        assertThat(classification.networkOf("2001:db8:12::5")).isEqualTo("example-relay");
        assertThat(classification.networkOf("2001:db9::1")).isEqualTo("none");
        assertThat(classification.networkOf("::1")).isEqualTo("none");
        assertThat(classification.networkOf("apple.com")).as("never a name looked up").isEqualTo("none");
        assertThat(classification.networkOf(null)).isEqualTo("none");
    }

    @Test
    void aBlockThatIsNotCidrStopsTheStartWithItsName() {
        assertThatThrownBy(() -> with("17.0.0.0/40", null)).hasMessageContaining("touchline.tracking.proxy-networks.apple")
                .hasMessageContaining("'17.0.0.0/40' is not a CIDR block");
    }
}
