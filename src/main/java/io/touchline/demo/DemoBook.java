package io.touchline.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.AccountRepository;
import io.touchline.account.AccountRequest;
import io.touchline.account.AccountService;
import io.touchline.account.Viewer;

/**
 * About 40 demo accounts over the four tiers at different stages of their journey: new (onboarding
 * starts), mid-growth, inside the renewal window, and one at risk. Enrolled through the same
 * service the API uses, so every one runs a real journey. Only when the book is empty.
 */
@Component
public class DemoBook {

    private static final Logger log = LoggerFactory.getLogger(DemoBook.class);

    /** How far into its journey an account is. */
    enum Stage { NEW, GROWTH, RENEWAL_WINDOW }

    record Demo(String name, int arr, boolean strategic, boolean trial, String csm, String pod, Stage stage,
            int renewalInDays, String zone, String contact) {
    }

    static final List<Demo> BOOK = List.of(
            // high-touch: dedicated CSMs
            new Demo("Northwind Traders", 420_000, false, false, "dana", null, Stage.GROWTH, 210, "America/New_York", "Ada Lovelace"),
            new Demo("Globex Corporation", 260_000, false, false, "dana", null, Stage.RENEWAL_WINDOW, 55, "America/Chicago", "Hank Scorpio"),
            new Demo("Initech", 180_000, false, false, "dana", null, Stage.NEW, 365, "America/Los_Angeles", "Bill Lumbergh"),
            new Demo("Umbrella Health", 95_000, true, false, "marco", null, Stage.GROWTH, 150, "Europe/London", "Alice Abernathy"),
            new Demo("Stark Logistics", 310_000, false, false, "marco", null, Stage.RENEWAL_WINDOW, 40, "Europe/Berlin", "Pepper Potts"),
            new Demo("Wayne Analytics", 150_000, false, false, "marco", null, Stage.GROWTH, 300, "America/New_York", "Lucius Fox"),
            // medium-touch: Atlas and Borealis pods
            new Demo("Blue Harbor Foods", 68_000, false, false, null, DemoTeam.POD_ATLAS, Stage.NEW, 365, "Europe/Amsterdam", "Femke de Vries"),
            new Demo("Cedar Grove Clinics", 45_000, false, false, null, DemoTeam.POD_ATLAS, Stage.GROWTH, 190, "America/Denver", "Rosa Diaz"),
            new Demo("Delta Freight", 72_000, false, false, null, DemoTeam.POD_ATLAS, Stage.RENEWAL_WINDOW, 55, "America/Chicago", "Marcus Webb"),
            new Demo("Evergreen Schools", 31_000, false, false, null, DemoTeam.POD_ATLAS, Stage.GROWTH, 240, "America/New_York", "Grace Hopper"),
            new Demo("Fjord Energy", 88_000, false, false, null, DemoTeam.POD_ATLAS, Stage.RENEWAL_WINDOW, 28, "Europe/Oslo", "Ingrid Berg"),
            new Demo("Golden Gate Legal", 54_000, false, false, null, DemoTeam.POD_ATLAS, Stage.GROWTH, 120, "America/Los_Angeles", "Saul Goodwin"),
            new Demo("Harbor Light Media", 39_000, false, false, null, DemoTeam.POD_ATLAS, Stage.NEW, 365, "Europe/Dublin", "Niamh Kelly"),
            new Demo("Ironwood Builders", 61_000, false, false, null, DemoTeam.POD_ATLAS, Stage.GROWTH, 270, "Australia/Sydney", "Jack Harlow"),
            new Demo("Juniper Retail", 47_000, false, false, null, DemoTeam.POD_BOREALIS, Stage.GROWTH, 160, "America/Toronto", "Emily Tremblay"),
            new Demo("Kestrel Aviation", 83_000, false, false, null, DemoTeam.POD_BOREALIS, Stage.RENEWAL_WINDOW, 50, "Europe/Paris", "Luc Moreau"),
            new Demo("Lakeside Dental", 26_000, false, false, null, DemoTeam.POD_BOREALIS, Stage.NEW, 365, "America/Phoenix", "Maria Lopez"),
            new Demo("Maple Leaf Insurance", 59_000, false, false, null, DemoTeam.POD_BOREALIS, Stage.GROWTH, 230, "America/Toronto", "Olivia Martin"),
            // low-touch: scale pool
            new Demo("Nimbus Studio", 18_000, false, false, null, null, Stage.NEW, 365, "Europe/Berlin", "Jonas Weber"),
            new Demo("Orchid Florists", 9_500, false, false, null, null, Stage.GROWTH, 200, "Asia/Singapore", "Mei Lin Tan"),
            new Demo("Pinecone Coffee", 12_000, false, false, null, null, Stage.GROWTH, 140, "America/Denver", "Rachel Green"),
            new Demo("Quill & Ink", 7_200, false, false, null, null, Stage.RENEWAL_WINDOW, 50, "Europe/London", "Oliver Twist"),
            new Demo("Riverbend Yoga", 6_800, false, false, null, null, Stage.NEW, 365, "America/New_York", "Priya Shah"),
            new Demo("Sunset Realty", 21_000, false, false, null, null, Stage.RENEWAL_WINDOW, 22, "America/Los_Angeles", "Carlos Mendez"),
            new Demo("Tidal Surf Co", 14_500, false, false, null, null, Stage.GROWTH, 260, "Australia/Brisbane", "Kai Nakamura"),
            new Demo("Urban Garden", 11_000, false, false, null, null, Stage.GROWTH, 180, "Europe/Madrid", "Lucia Garcia"),
            new Demo("Velvet Bakery", 8_900, false, false, null, null, Stage.RENEWAL_WINDOW, 65, "Europe/Paris", "Amelie Laurent"),
            new Demo("Willow Pet Care", 16_000, false, false, null, null, Stage.GROWTH, 110, "America/Chicago", "Ben Carter"),
            new Demo("Xenon Labs", 23_000, false, false, null, null, Stage.NEW, 365, "Europe/Zurich", "Lena Fischer"),
            new Demo("Yellowstone Outfitters", 5_600, false, false, null, null, Stage.GROWTH, 290, "America/Denver", "Wyatt Cole"),
            // tech-touch: fully automated
            new Demo("Zephyr Apps", 1_200, false, false, null, null, Stage.NEW, 365, "Europe/Berlin", "Felix Braun"),
            new Demo("Acorn Tutors", 0, false, true, null, null, Stage.NEW, 30, "Europe/London", "Holly Reed"),
            new Demo("Bright Pixel", 2_400, false, false, null, null, Stage.GROWTH, 170, "America/New_York", "Dev Patel"),
            new Demo("Comet Fitness", 3_600, false, false, null, null, Stage.RENEWAL_WINDOW, 45, "America/Chicago", "Jade Kim"),
            new Demo("Dune Travel", 900, false, false, null, null, Stage.GROWTH, 250, "Africa/Cairo", "Omar Farouk"),
            new Demo("Echo Podcasts", 0, false, true, null, null, Stage.NEW, 21, "Europe/Stockholm", "Elsa Lind"),
            new Demo("Firefly Events", 4_200, false, false, null, null, Stage.GROWTH, 130, "Asia/Tokyo", "Yuki Sato"),
            new Demo("Granite Tax", 2_900, false, false, null, null, Stage.RENEWAL_WINDOW, 12, "America/New_York", "Tom Baker"),
            new Demo("Hazel Crafts", 1_800, false, false, null, null, Stage.GROWTH, 220, "Europe/Rome", "Giulia Russo"),
            new Demo("Indigo Print", 4_800, false, false, null, null, Stage.NEW, 365, "America/Los_Angeles", "Nora Quinn"));

    /** The industry the CRM gives each demo account (retail ones have their own busy season in blackout-periods.dmn). */
    static final Map<String, String> INDUSTRY = Map.ofEntries(
            Map.entry("Northwind Traders", "Wholesale"),
            Map.entry("Globex Corporation", "Software"),
            Map.entry("Initech", "Software"),
            Map.entry("Umbrella Health", "Healthcare"),
            Map.entry("Stark Logistics", "Logistics"),
            Map.entry("Wayne Analytics", "Software"),
            Map.entry("Blue Harbor Foods", "Food and beverage"),
            Map.entry("Cedar Grove Clinics", "Healthcare"),
            Map.entry("Delta Freight", "Logistics"),
            Map.entry("Evergreen Schools", "Education"),
            Map.entry("Fjord Energy", "Energy"),
            Map.entry("Golden Gate Legal", "Legal services"),
            Map.entry("Harbor Light Media", "Media"),
            Map.entry("Ironwood Builders", "Construction"),
            Map.entry("Juniper Retail", "Retail"),
            Map.entry("Kestrel Aviation", "Aviation"),
            Map.entry("Lakeside Dental", "Healthcare"),
            Map.entry("Maple Leaf Insurance", "Financial services"),
            Map.entry("Nimbus Studio", "Software"),
            Map.entry("Orchid Florists", "Retail"),
            Map.entry("Pinecone Coffee", "Food and beverage"),
            Map.entry("Quill & Ink", "Retail"),
            Map.entry("Riverbend Yoga", "Fitness"),
            Map.entry("Sunset Realty", "Real estate"),
            Map.entry("Tidal Surf Co", "Retail"),
            Map.entry("Urban Garden", "Retail"),
            Map.entry("Velvet Bakery", "Food and beverage"),
            Map.entry("Willow Pet Care", "Retail"),
            Map.entry("Xenon Labs", "Software"),
            Map.entry("Yellowstone Outfitters", "Retail"),
            Map.entry("Zephyr Apps", "Software"),
            Map.entry("Acorn Tutors", "Education"),
            Map.entry("Bright Pixel", "Media"),
            Map.entry("Comet Fitness", "Fitness"),
            Map.entry("Dune Travel", "Travel"),
            Map.entry("Echo Podcasts", "Media"),
            Map.entry("Firefly Events", "Events"),
            Map.entry("Granite Tax", "Financial services"),
            Map.entry("Hazel Crafts", "Retail"),
            Map.entry("Indigo Print", "Printing"));

    /** The one demo account whose health is below the threshold from the start. */
    static final String AT_RISK = "Cedar Grove Clinics";

    private final AccountService accounts;
    private final AccountRepository repository;

    DemoBook(AccountService accounts, AccountRepository repository) {
        this.accounts = accounts;
        this.repository = repository;
    }

    public void ensure() {
        if (repository.count() > 0) {
            return;
        }
        Viewer system = new Viewer("demo", java.util.Set.of(Viewer.INTEGRATIONS));
        List<AccountRequest> requests = new ArrayList<>();
        for (int i = 0; i < BOOK.size(); i++) {
            requests.add(request(i + 1, BOOK.get(i)));
        }
        accounts.enrolAll(requests, system);
        accounts.recordHealthScore(externalId(BOOK.stream().map(Demo::name).toList().indexOf(AT_RISK) + 1), 32, system);
        log.info("Demo book ready: {} accounts enrolled, one at risk ({})", BOOK.size(), AT_RISK);
    }

    private static AccountRequest request(int number, Demo demo) {
        ZoneId zone = ZoneId.of(demo.zone());
        LocalDate today = EngineClock.today(zone);
        LocalDate since = switch (demo.stage()) {
            case NEW -> today;
            case GROWTH -> today.minusDays(365 - demo.renewalInDays());
            case RENEWAL_WINDOW -> today.minusDays(365 - demo.renewalInDays());
        };
        String domain = demo.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "")
                + ".example";
        String email = demo.contact().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", ".") + "@" + domain;
        return new AccountRequest(externalId(number), demo.name(), BigDecimal.valueOf(demo.arr()), demo.strategic(),
                demo.trial(), today.plusDays(demo.renewalInDays()), since, demo.zone(), demo.csm(), demo.pod(),
                List.of(new AccountRequest.ContactRequest(demo.contact(), email, "primary")), null,
                INDUSTRY.get(demo.name()));
    }

    static String externalId(int number) {
        return String.format("CRM-%04d", number);
    }
}
