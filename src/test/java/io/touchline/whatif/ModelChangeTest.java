package io.touchline.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.touchline.account.Tier;
import io.touchline.web.InvalidInputException;
import io.touchline.whatif.Book.BookAccount;
import io.touchline.whatif.Book.BookContact;

/** The pieces of a what-if that need no engine: the model change, the book's parts, the weeks, the CSV. */
class ModelChangeTest {

    @Test
    void aCadenceChangeRewritesTheDefaultOfThatCadenceInTheTiersJourneyOnly() {
        ModelChange change = ModelChange.of(List.of("medium-touch:check-in=P14D"), Map.of());
        assertThat(change.every()).containsExactly(new ModelChange.Cadence(Tier.MEDIUM_TOUCH, "check-in", "P14D"));
        assertThat(change.describe()).isEqualTo("medium-touch check-in every P14D");

        Map<String, byte[]> files = change.deployable();
        assertThat(files).containsOnlyKeys("journey-medium-touch.bpmn");
        String xml = new String(files.get("journey-medium-touch.bpmn"), StandardCharsets.UTF_8);
        assertThat(xml).contains("${cadence.next(execution.processBusinessKey, 'check-in', 'P14D')}")
                .doesNotContain("'check-in', 'P1M'")
                .contains("${cadence.next(execution.processBusinessKey, 'value-summary', 'P1M')}");
    }

    @Test
    void aCadenceChangeAppliesToAnUploadedJourneyOfTheTier() {
        String uploaded = new String(ModelChange.classpath("processes/journey-high-touch.bpmn"), StandardCharsets.UTF_8)
                .replace("'business-review', 'P3M'", "'business-review', 'P2M'");
        ModelChange change = ModelChange.of(List.of("high-touch:check-in=P1M"),
                Map.of("my-high-touch.bpmn", uploaded.getBytes(StandardCharsets.UTF_8)));
        String xml = new String(change.deployable().get("my-high-touch.bpmn"), StandardCharsets.UTF_8);
        assertThat(xml).contains("'business-review', 'P2M'").contains("'check-in', 'P1M'").doesNotContain("'check-in', 'P14D'");
        assertThat(change.deployable()).doesNotContainKey("journey-high-touch.bpmn");
    }

    @Test
    void badChangesNameTheirField() {
        assertThatThrownBy(() -> ModelChange.of(List.of("medium-touch:check-in=P14D", "tech-touch:check-in=P1M"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("every[1]");
                    assertThat(p.message()).contains("no 'check-in' cadence; its cadences: product-tips");
                }));
        assertThatThrownBy(() -> ModelChange.of(List.of("medium-touch:check-in=monthly"), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("every[0]");
        assertThatThrownBy(() -> ModelChange.of(List.of(), Map.of("notes.txt", new byte[0])))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("processes[0]");
        assertThatThrownBy(() -> ModelChange.of(List.of(), Map.of("check-in-call.form", "{".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a valid FORM file");
    }

    @Test
    void partsOfTheBookShareNoPrimaryContact_andTogetherAreTheBook() {
        Book book = new Book(Instant.EPOCH, List.of(account("A", "same@x.example"), account("B", "Same@x.example"),
                account("C", "c@x.example"), account("D", "d@x.example"), account("E", "e@x.example")));
        List<Book> parts = book.partition(2);
        assertThat(parts).hasSize(2);
        assertThat(parts.stream().flatMap(p -> p.accounts().stream()).map(BookAccount::externalId))
                .containsExactlyInAnyOrder("A", "B", "C", "D", "E");
        assertThat(parts).anySatisfy(p -> assertThat(p.accounts()).extracting(BookAccount::externalId).contains("A", "B"));
    }

    @Test
    void theHorizonIsIsoWeeksFromTheWeekTheReplayStarts() {
        Horizon horizon = new Horizon(Instant.parse("2027-01-06T10:00:00Z"), 3); // a Wednesday
        assertThat(horizon.calendar()).extracting(Forecast.Week::week).containsExactly("2027-W01", "2027-W02", "2027-W03");
        assertThat(horizon.end()).isEqualTo(Instant.parse("2027-01-25T00:00:00Z"));
        assertThat(Horizon.weekOf(Instant.parse("2027-01-10T23:59:00Z"))).isEqualTo("2027-W01");
        assertThatThrownBy(() -> new Horizon(Instant.EPOCH, 53)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCsvHasARowPerWeekOwnerAndKind_theMessages_andTheDifferenceFromTodaysModel() {
        List<Forecast.Week> weeks = new Horizon(Instant.parse("2027-01-04T10:00:00Z"), 2).calendar();
        Forecast baseline = new Forecast("baseline", Instant.EPOCH, weeks, 2, List.of(),
                List.of(new Forecast.Load("2027-W01", "pod-atlas", "check-in-call", 2, 1.0)),
                List.of(new Forecast.Messages("2027-W01", 5, 0), new Forecast.Messages("2027-W02", 1, 1)), null, 1, 0);
        Forecast changed = new Forecast("changed", Instant.EPOCH, weeks, 2, List.of(),
                List.of(new Forecast.Load("2027-W01", "pod-atlas", "check-in-call", 4, 2.0),
                        new Forecast.Load("2027-W02", "dana", "business-review", 1, 3.0)),
                List.of(new Forecast.Messages("2027-W01", 7, 0), new Forecast.Messages("2027-W02", 1, 1)), null, 1, 0);
        StringWriter csv = new StringWriter();
        WhatIfCsv.write(new WhatIfLauncher.Outcome(baseline, changed, 1), csv);
        assertThat(csv.toString().lines()).containsExactly(
                "week,week_start,owner,kind,touches,hours,baseline_touches,baseline_hours,touches_diff,hours_diff",
                "2027-W01,2027-01-04,pod-atlas,check-in-call,4,2.00,2,1.00,2,1.00",
                "2027-W01,2027-01-04,(automated),email,7,,5,,2,",
                "2027-W01,2027-01-04,(automated),in-app,0,,0,,0,",
                "2027-W02,2027-01-11,dana,business-review,1,3.00,0,0.00,1,3.00",
                "2027-W02,2027-01-11,(automated),email,1,,1,,0,",
                "2027-W02,2027-01-11,(automated),in-app,1,,1,,0,");

        StringWriter alone = new StringWriter();
        WhatIfCsv.write(new WhatIfLauncher.Outcome(baseline, null, 1), alone);
        assertThat(alone.toString().lines().findFirst()).hasValue("week,week_start,owner,kind,touches,hours");
    }

    private static BookAccount account(String id, String email) {
        return new BookAccount(null, id, id, BigDecimal.TEN, false, false, LocalDate.of(2028, 1, 1), LocalDate.of(2026, 1, 1),
                "UTC", null, null, null, null, false, false, List.of(new BookContact("X", email, "primary", null, null, null, null)),
                null);
    }
}
