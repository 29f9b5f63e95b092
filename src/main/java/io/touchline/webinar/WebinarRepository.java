package io.touchline.webinar;

import java.time.Instant;
import java.util.List;

import org.springframework.data.repository.ListCrudRepository;

public interface WebinarRepository extends ListCrudRepository<Webinar, Long> {

    /** Webinars that have not started yet, the soonest first. */
    List<Webinar> findByStartsAtAfterOrderByStartsAtAscIdAsc(Instant now);

    boolean existsByCreatedBy(String createdBy);
}
