package io.touchline.touchpoint;

import java.util.List;

import org.springframework.data.repository.ListCrudRepository;

public interface TouchpointRepository extends ListCrudRepository<Touchpoint, Long> {

    List<Touchpoint> findByAccountIdOrderByOccurredAtAscIdAsc(Long accountId);
}
