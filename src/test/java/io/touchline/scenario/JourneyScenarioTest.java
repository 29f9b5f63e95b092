package io.touchline.scenario;

/** The tier scenarios on the default embedded database (H2). */
class JourneyScenarioTest extends JourneyScenarios {
}
