package io.touchline.scenario;

/** The account-years of history on H2, the demo's database. */
class HistoryRetentionTest extends HistoryRetention {
}
