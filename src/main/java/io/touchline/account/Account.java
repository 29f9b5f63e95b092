package io.touchline.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A customer account as the CRM knows it, plus what Touchline decided about it (tier, status,
 * health). The journey that runs for it is found by its external id, the business key.
 */
@Table("account")
public class Account {

    @Id
    private Long id;
    @Version
    private Integer version;
    private final String externalId;
    private String name;
    private BigDecimal arr;
    private boolean strategic;
    private boolean trial;
    private LocalDate renewalDate;
    private final LocalDate customerSince;
    private String timeZone;
    private String industry;
    private String csm;
    private String pod;
    private Tier tier;
    private AccountStatus status;
    private Integer healthScore;
    private boolean atRisk;
    private final Instant createdAt;
    @MappedCollection(idColumn = "account_id", keyColumn = "position")
    private List<Contact> contacts;

    @PersistenceCreator
    Account(Long id, Integer version, String externalId, String name, BigDecimal arr, boolean strategic,
            boolean trial, LocalDate renewalDate, LocalDate customerSince, String timeZone, String industry, String csm,
            String pod, Tier tier, AccountStatus status, Integer healthScore, boolean atRisk, Instant createdAt,
            List<Contact> contacts) {
        this.atRisk = atRisk;
        this.id = id;
        this.version = version;
        this.externalId = externalId;
        this.name = name;
        this.arr = arr;
        this.strategic = strategic;
        this.trial = trial;
        this.renewalDate = renewalDate;
        this.customerSince = customerSince;
        this.timeZone = timeZone;
        this.industry = industry;
        this.csm = csm;
        this.pod = pod;
        this.tier = tier;
        this.status = status;
        this.healthScore = healthScore;
        this.createdAt = createdAt;
        this.contacts = List.copyOf(contacts);
    }

    static Account enrol(String externalId, String name, BigDecimal arr, boolean strategic, boolean trial,
            LocalDate renewalDate, LocalDate customerSince, ZoneId timeZone, String industry, String csm, String pod,
            List<Contact> contacts, Tier tier, Instant now) {
        return new Account(null, null, externalId, name, arr, strategic, trial, renewalDate, customerSince,
                timeZone.getId(), industry, csm, pod, tier, AccountStatus.ACTIVE, null, false, now, contacts);
    }

    /** ARR or flags changed; the caller re-evaluates the tier. */
    void changeCommercials(BigDecimal arr, boolean strategic, boolean trial) {
        this.arr = arr;
        this.strategic = strategic;
        this.trial = trial;
    }

    /** The CRM names the account's industry anew (null: not known). */
    void changeIndustry(String industry) {
        this.industry = industry;
    }

    void changeOwners(String csm, String pod) {
        this.csm = csm;
        this.pod = pod;
    }

    void moveToTier(Tier tier) {
        this.tier = tier;
    }

    /** A new health score and what health-status.dmn made of it; true if the account just became at risk. */
    boolean recordHealth(int score, boolean atRiskNow) {
        boolean became = atRiskNow && !this.atRisk;
        this.healthScore = score;
        this.atRisk = atRiskNow;
        return became;
    }

    void renewUntil(LocalDate nextRenewalDate) {
        if (status == AccountStatus.CHURNED) {
            throw new IllegalStateException("Account " + externalId + " has churned and cannot renew");
        }
        this.renewalDate = nextRenewalDate;
    }

    /** The CRM moved the renewal date (the term is not renewed by this). */
    void moveRenewalDate(LocalDate renewalDate) {
        this.renewalDate = renewalDate;
    }

    void churn() {
        this.status = AccountStatus.CHURNED;
    }

    public boolean isActive() {
        return status == AccountStatus.ACTIVE;
    }

    public Contact primaryContact() {
        return contacts.get(0);
    }

    public long daysAsCustomer(LocalDate today) {
        return ChronoUnit.DAYS.between(customerSince, today);
    }

    /**
     * Who may see this account: its dedicated CSM, its pod, the scale pool for the scaled tiers,
     * and everyone who oversees the whole book.
     */
    public boolean visibleTo(Viewer viewer) {
        return Scope.of(viewer).includes(csm, pod, tier);
    }

    public Long id() {
        return id;
    }

    public String externalId() {
        return externalId;
    }

    public String name() {
        return name;
    }

    public BigDecimal arr() {
        return arr;
    }

    public boolean strategic() {
        return strategic;
    }

    public boolean trial() {
        return trial;
    }

    public LocalDate renewalDate() {
        return renewalDate;
    }

    public LocalDate customerSince() {
        return customerSince;
    }

    public ZoneId timeZone() {
        return ZoneId.of(timeZone);
    }

    /** The industry as the CRM names it, or null when it is not known. */
    public String industry() {
        return industry;
    }

    public String csm() {
        return csm;
    }

    public String pod() {
        return pod;
    }

    public Tier tier() {
        return tier;
    }

    public AccountStatus status() {
        return status;
    }

    public Integer healthScore() {
        return healthScore;
    }

    public boolean atRisk() {
        return atRisk;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<Contact> contacts() {
        return contacts;
    }
}
