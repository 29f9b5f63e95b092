package io.touchline.account;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

public interface AccountRepository extends ListCrudRepository<Account, Long> {

    Optional<Account> findByExternalId(String externalId);

    boolean existsByExternalId(String externalId);

    List<Account> findAllByOrderByExternalId();

    /** The accounts of some tiers in one status (the active low- and tech-touch accounts, say). */
    List<Account> findByStatusAndTierInOrderByExternalId(AccountStatus status, Collection<Tier> tiers);
}
