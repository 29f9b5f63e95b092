package io.touchline.touchpoint;

import java.util.List;

import org.springframework.data.repository.ListCrudRepository;

public interface TouchpointRepository extends ListCrudRepository<Touchpoint, Long> {

    List<Touchpoint> findByAccountIdOrderByOccurredAtAscIdAsc(Long accountId);

    /** The latest first: one kind of touch of an account (e.g. its check-in calls). */
    List<Touchpoint> findByAccountIdAndKindOrderByOccurredAtDescIdDesc(Long accountId, String kind);
}
