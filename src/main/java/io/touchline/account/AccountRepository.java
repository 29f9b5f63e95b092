package io.touchline.account;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

public interface AccountRepository extends ListCrudRepository<Account, Long> {

    Optional<Account> findByExternalId(String externalId);

    boolean existsByExternalId(String externalId);

    /** Of these external ids, the ones in the book. */
    @Query("select external_id from account where external_id in (:ids)")
    List<String> findExternalIdsIn(@Param("ids") Collection<String> ids);

    List<Account> findAllByOrderByExternalId();

    /** The accounts of some tiers in one status (the active low- and tech-touch accounts, say). */
    List<Account> findByStatusAndTierInOrderByExternalId(AccountStatus status, Collection<Tier> tiers);
}
