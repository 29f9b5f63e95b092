package io.touchline.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.touchline.account.AccountCsv;
import io.touchline.account.AccountRequest;
import io.touchline.account.Viewer;

/**
 * A made-up book of any size, for trying Touchline at the size of a real book, for the benchmark
 * and for scale tests: the tier mix of the touch model (section 1: about 15% high-touch at $100K+,
 * 35% medium-touch at $25K-$100K, 30% low-touch, 20% tech-touch under $5K or on a trial) at
 * realistic stages: one in five still onboarding, the others established with their renewal some
 * day of the coming year (so about one in six inside the 60-day renewal window, where the
 * countdown's human touches wait), one in twenty at risk (an intervention waits). A team sized to
 * the book owns it, as the touch model staffs it: a dedicated CSM per 25 high-touch accounts, a pod
 * of 3 CSMs per 250 medium-touch accounts, a scale-pool CSM per 500 low-touch accounts.
 *
 * <p>The same size, day and seed always give the same book; accounts are numbered from 1 and a
 * range of them can be made alone ({@link #accounts(int, int, LocalDate)}), so a large book is
 * imported in parts. Everything goes through the product's own entry points: the team through {@link DemoTeam},
 * the accounts through the CSV import ({@link #csv(List)}).
 */
public final class BookBuilder {

    static final int HIGH_TOUCH_ACCOUNTS_PER_CSM = 25;
    static final int MEDIUM_TOUCH_ACCOUNTS_PER_POD = 250;
    static final int CSMS_PER_POD = 3;
    static final int LOW_TOUCH_ACCOUNTS_PER_POOL_CSM = 500;
    static final int AT_RISK_SCORE = 30;
    static final int HEALTHY_SCORE = 80;

    private static final List<String> ZONES = List.of("America/New_York", "America/Chicago", "America/Los_Angeles",
            "America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Europe/Paris", "Asia/Singapore", "Asia/Tokyo",
            "Australia/Sydney", "UTC");
    /** Industries as a CRM names them; some have their own blackout periods (blackout-periods.dmn). */
    private static final List<String> INDUSTRIES = List.of("Software", "Financial services", "Healthcare", "Retail",
            "Manufacturing", "Education", "Media");
    private static final List<String> FIRST_NAMES = List.of("Ada", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace",
            "Hiro", "Ines", "Jonas", "Kira", "Luis", "Mei", "Noah", "Olu", "Priya", "Quinn", "Rosa", "Sven", "Tara");
    private static final List<String> LAST_NAMES = List.of("Adams", "Berg", "Chen", "Diaz", "Eze", "Fischer", "Gupta",
            "Hansen", "Ito", "Jones", "Kowalski", "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi",
            "Silva", "Tanaka");

    /** The team a book of this size needs: dedicated CSMs, pods of CSMs, the scale pool. */
    public record Team(List<String> highTouchCsms, List<String> pods, List<String> podCsms, List<String> poolCsms) {

        /** The pod a pod CSM belongs to. */
        public String podOf(String podCsm) {
            return pods.get(podCsms.indexOf(podCsm) / CSMS_PER_POD);
        }
    }

    private final String prefix;
    private final int size;
    private final long seed;
    private final Team team;

    /** A book of {@code size} accounts BOOK-000001, BOOK-000002, ... and the team it needs. */
    public BookBuilder(int size, long seed) {
        this("BOOK", size, seed, teamFor(size));
    }

    /** More accounts, {@code <prefix>-000001} and on, owned by a given team. */
    public BookBuilder(String prefix, int size, long seed, Team team) {
        if (size < 1) {
            throw new IllegalArgumentException("a book has at least one account");
        }
        this.prefix = prefix;
        this.size = size;
        this.seed = seed;
        this.team = team;
    }

    public int size() {
        return size;
    }

    public Team team() {
        return team;
    }

    /** External id of account number {@code number} (1-based). */
    public String externalId(int number) {
        return String.format("%s-%06d", prefix, number);
    }

    /** The team a book of {@code size} accounts needs. */
    public static Team teamFor(int size) {
        int highTouchCsms = Math.max(1, (int) Math.ceil(size * 0.15 / HIGH_TOUCH_ACCOUNTS_PER_CSM));
        int pods = Math.max(1, (int) Math.ceil(size * 0.35 / MEDIUM_TOUCH_ACCOUNTS_PER_POD));
        int poolCsms = Math.max(1, (int) Math.ceil(size * 0.30 / LOW_TOUCH_ACCOUNTS_PER_POOL_CSM));
        List<String> csms = new ArrayList<>();
        for (int i = 1; i <= highTouchCsms; i++) {
            csms.add(String.format("csm-%04d", i));
        }
        List<String> podIds = new ArrayList<>();
        List<String> podCsms = new ArrayList<>();
        for (int p = 1; p <= pods; p++) {
            podIds.add(String.format("pod-%03d", p));
            for (int m = 1; m <= CSMS_PER_POD; m++) {
                podCsms.add(String.format("pod-%03d-csm-%d", p, m));
            }
        }
        List<String> pool = new ArrayList<>();
        for (int i = 1; i <= poolCsms; i++) {
            pool.add(String.format("pool-csm-%03d", i));
        }
        return new Team(List.copyOf(csms), List.copyOf(podIds), List.copyOf(podCsms), List.copyOf(pool));
    }

    /** Accounts {@code from} to {@code from + count - 1} (1-based) of the book, at their stages as of {@code today}. */
    public List<AccountRequest> accounts(int from, int count, LocalDate today) {
        if (from < 1 || count < 0 || from + count - 1 > size) {
            throw new IllegalArgumentException("accounts " + from + " to " + (from + count - 1) + " are not in a book of " + size);
        }
        List<AccountRequest> accounts = new ArrayList<>(count);
        for (int number = from; number < from + count; number++) {
            accounts.add(account(number, today));
        }
        return accounts;
    }

    /** One account: every account has its own random stream, so a part of the book is made alone. */
    AccountRequest account(int number, LocalDate today) {
        Random random = new Random(seed * 1_000_003L + number);
        double draw = random.nextDouble();
        long arr;
        boolean trial = false;
        String csm = null;
        String pod = null;
        if (draw < 0.15) {
            arr = 100_000 + random.nextInt(400_000);
            csm = team.highTouchCsms().get(random.nextInt(team.highTouchCsms().size()));
        } else if (draw < 0.50) {
            arr = 25_000 + random.nextInt(75_000);
            pod = team.pods().get(random.nextInt(team.pods().size()));
        } else if (draw < 0.80) {
            arr = 5_000 + random.nextInt(20_000);
        } else {
            trial = random.nextInt(4) == 0;
            arr = trial ? 0 : random.nextInt(5_000);
        }
        LocalDate since;
        LocalDate renewal;
        if (random.nextInt(5) == 0) { // onboarding: a first year that started in the last 90 days
            since = today.minusDays(random.nextInt(90));
            renewal = since.plusYears(1);
        } else { // established: renewal some day of the coming year, customer for 1 to 3 terms
            renewal = today.plusDays(2 + random.nextInt(364)); // in the future in every time zone
            since = renewal.minusYears(1 + random.nextInt(3));
        }
        int health = random.nextInt(20) == 0 ? AT_RISK_SCORE : HEALTHY_SCORE;
        String id = externalId(number);
        String contact = FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size())) + " "
                + LAST_NAMES.get(random.nextInt(LAST_NAMES.size()));
        String email = contact.toLowerCase().replace(' ', '.') + "@" + id.toLowerCase() + ".example";
        return new AccountRequest(id, "Account " + number, BigDecimal.valueOf(arr), false, trial, renewal, since,
                ZONES.get(random.nextInt(ZONES.size())), csm, pod,
                List.of(new AccountRequest.ContactRequest(contact, email, "primary")), health,
                INDUSTRIES.get(random.nextInt(INDUSTRIES.size())));
    }

    /** The accounts as the CSV the import takes ({@link AccountCsv#COLUMNS}), header first. */
    public static String csv(List<AccountRequest> accounts) {
        StringBuilder csv = new StringBuilder(accounts.size() * 160);
        csv.append(String.join(",", AccountCsv.COLUMNS)).append('\n');
        for (AccountRequest a : accounts) {
            AccountRequest.ContactRequest c = a.contacts().get(0);
            csv.append(a.externalId()).append(',').append(quoted(a.name())).append(',').append(a.arr().toPlainString())
                    .append(',').append(Boolean.TRUE.equals(a.strategic())).append(',').append(Boolean.TRUE.equals(a.trial()))
                    .append(',').append(a.renewalDate()).append(',').append(a.customerSince() == null ? "" : a.customerSince())
                    .append(',').append(a.timeZone()).append(',').append(a.csm() == null ? "" : a.csm())
                    .append(',').append(a.pod() == null ? "" : a.pod()).append(',').append(quoted(c.name()))
                    .append(',').append(c.email()).append(',').append(c.role() == null ? "" : c.role())
                    .append(',').append(a.healthScore() == null ? "" : a.healthScore())
                    .append(',').append(a.industry() == null ? "" : quoted(a.industry())).append('\n');
        }
        return csv.toString();
    }

    private static String quoted(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** The groups the generated team works in (for {@link DemoTeam#ensureStaff}). */
    public List<DemoTeam.Member> members() {
        List<DemoTeam.Member> members = new ArrayList<>();
        team.highTouchCsms().forEach(id -> members.add(new DemoTeam.Member(id, "CSM", id, List.of(DemoTeam.HIGH_TOUCH_CSMS))));
        team.podCsms().forEach(id -> members.add(new DemoTeam.Member(id, "CSM", id, List.of(team.podOf(id)))));
        team.poolCsms().forEach(id -> members.add(new DemoTeam.Member(id, "CSM", id, List.of(Viewer.SCALE_POOL))));
        return members;
    }
}
