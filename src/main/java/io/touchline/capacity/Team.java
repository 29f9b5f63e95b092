package io.touchline.capacity;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

/**
 * The CS team as Camunda Admin keeps it (users, groups, memberships), read in a few queries and kept
 * for a minute: capacity shares a pod's touches among its members and names each CSM, for a team
 * of a thousand as quickly as for ten. A member added in Admin shows within a minute.
 */
@Component
public class Team {

    static final Duration KEEP = Duration.ofMinutes(1);

    /** Who is who: people by id with their names, groups with their members. */
    public record Roster(Map<String, String> names, Map<String, Set<String>> members, Map<String, String> groupNames) {

        public Roster(Map<String, String> names, Map<String, Set<String>> members) {
            this(names, members, Map.of());
        }


        /** The people behind an owner: the CSM, or every member of the group (the group itself if it has none). */
        public Set<String> peopleOf(String owner) {
            if (names.containsKey(owner)) {
                return Set.of(owner);
            }
            Set<String> people = members.get(owner);
            return people == null || people.isEmpty() ? Set.of(owner) : people;
        }

        /** A person's name, or a group's (a pod, a pool), else the id. */
        public String nameOf(String person) {
            return names.getOrDefault(person, groupNames.getOrDefault(person, person));
        }
    }

    private final IdentityService identity;
    private volatile Roster roster;
    private volatile long readAt;

    Team(IdentityService identity) {
        this.identity = identity;
    }

    public Roster roster() {
        Roster known = roster;
        if (known != null && System.nanoTime() - readAt < KEEP.toNanos()) {
            return known;
        }
        Map<String, String> names = new HashMap<>();
        for (User user : identity.createUserQuery().list()) {
            String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                    + (user.getLastName() == null ? "" : user.getLastName())).trim();
            names.put(user.getId(), name.isEmpty() ? user.getId() : name);
        }
        Map<String, Set<String>> members = new HashMap<>();
        Map<String, String> groupNames = new HashMap<>();
        for (Group group : identity.createGroupQuery().list()) {
            groupNames.put(group.getId(), group.getName() == null || group.getName().isBlank() ? group.getId() : group.getName());
            Set<String> ids = new TreeSet<>();
            identity.createUserQuery().memberOfGroup(group.getId()).list().forEach(u -> ids.add(u.getId()));
            members.put(group.getId(), ids);
        }
        Roster fresh = new Roster(Map.copyOf(names), Map.copyOf(members), Map.copyOf(groupNames));
        roster = fresh;
        readAt = System.nanoTime();
        return fresh;
    }
}
