package io.touchline.demo;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.touchline.account.Viewer;

/**
 * The demo CS team: CSMs, pods, the scale pool, a CS manager and a system user for the CRM, with
 * the Camunda authorizations a real team needs (Tasklist for CSMs, Cockpit for managers, tasks only
 * through assignment or pod membership) and the Tasklist filters. Idempotent.
 */
@Component
public class DemoTeam {

    private static final Logger log = LoggerFactory.getLogger(DemoTeam.class);

    public static final String HIGH_TOUCH_CSMS = "high-touch-csms";
    public static final String POD_ATLAS = "pod-atlas";
    public static final String POD_BOREALIS = "pod-borealis";

    /** A member of the team and the groups (pods, pools) they work in. */
    public record Member(String id, String firstName, String lastName, List<String> groups) {
    }

    static final List<Member> MEMBERS = List.of(
            new Member("dana", "Dana", "Whitfield", List.of(HIGH_TOUCH_CSMS)),
            new Member("marco", "Marco", "Ruiz", List.of(HIGH_TOUCH_CSMS)),
            new Member("priya", "Priya", "Nair", List.of(POD_ATLAS)),
            new Member("sam", "Sam", "Okafor", List.of(POD_ATLAS)),
            new Member("lee", "Lee", "Chen", List.of(POD_ATLAS)),
            new Member("omar", "Omar", "Haddad", List.of(POD_BOREALIS)),
            new Member("casey", "Casey", "Brooks", List.of(Viewer.SCALE_POOL)),
            new Member("morgan", "Morgan", "Reyes", List.of(Viewer.CS_MANAGERS)),
            new Member("crm", "CRM", "Integration", List.of(Viewer.INTEGRATIONS)));

    static final Map<String, String> GROUPS = Map.of(
            HIGH_TOUCH_CSMS, "High-touch CSMs",
            POD_ATLAS, "Atlas pod (medium-touch)",
            POD_BOREALIS, "Borealis pod (medium-touch)",
            Viewer.SCALE_POOL, "Scale pool (low- and tech-touch)",
            Viewer.CS_MANAGERS, "CS managers",
            Viewer.INTEGRATIONS, "Connected systems (CRM, billing)");

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final FilterService filters;
    private final TaskService tasks;

    DemoTeam(IdentityService identity, AuthorizationService authorizations, FilterService filters, TaskService tasks) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.filters = filters;
        this.tasks = tasks;
    }

    @Transactional
    public void ensure() {
        GROUPS.forEach((id, name) -> ensureGroup(id, name));
        MEMBERS.forEach(this::ensureMember);
        for (String group : List.of(HIGH_TOUCH_CSMS, POD_ATLAS, POD_BOREALIS, Viewer.SCALE_POOL, Viewer.CS_MANAGERS)) {
            grantTasklist(group);
        }
        grant(Viewer.CS_MANAGERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(Viewer.CS_MANAGERS, Resources.PROCESS_DEFINITION, "*", Permissions.READ_INSTANCE, Permissions.READ_HISTORY);
        grant(Viewer.CS_MANAGERS, Resources.PROCESS_INSTANCE, "*", Permissions.READ);
        grant(Viewer.CS_MANAGERS, Resources.TASK, "*", Permissions.READ);

        // Tasklist opens on the filter of the lowest priority and counts only the one it shows: everyone lands
        // on their work, what is theirs and what waits unclaimed for their pod or pool
        Filter work = filter("My work", -20, "Touches assigned to me and those waiting unclaimed for my pod or pool",
                tasks.createTaskQuery().or().taskAssigneeExpression("${currentUser()}")
                        .taskCandidateGroupInExpression("${currentUserGroups()}").endOr());
        Filter pod = filter("My pod and pool", 0, "Every touch of my pod or pool, claimed or not",
                tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks());
        Filter all = filter("All open touches", 10, "Every open touch you may see", tasks.createTaskQuery());
        // "My work" replaced "My tasks" (assigned to me only): a pod CSM landed on an empty list
        Filter replaced = filters.createFilterQuery().filterName("My tasks").singleResult();
        if (replaced != null) {
            filters.deleteFilter(replaced.getId());
        }
        grantEveryone(work);
        revokeEveryone(pod); // only those in a pod or a pool have one
        for (String group : List.of(POD_ATLAS, POD_BOREALIS, Viewer.SCALE_POOL)) {
            grant(group, Resources.FILTER, pod.getId(), Permissions.READ);
        }
        grant(Viewer.CS_MANAGERS, Resources.FILTER, all.getId(), Permissions.READ);
        log.info("Demo team ready: {} users in {} groups", MEMBERS.size(), GROUPS.size());
    }

    /**
     * More CSMs for a larger book ({@link BookBuilder#members()}): each with Tasklist access, in
     * groups (pods) that are made when missing. Idempotent; the password is the user id, as for the
     * rest of the demo team.
     */
    @Transactional
    public void ensureStaff(List<Member> staff) {
        staff.stream().flatMap(m -> m.groups().stream()).distinct().forEach(group -> {
            if (ensureGroup(group, GROUPS.getOrDefault(group, "Pod " + group))) {
                grantTasklist(group);
                Filter pod = filters.createFilterQuery().filterName("My pod and pool").singleResult();
                if (pod != null && !HIGH_TOUCH_CSMS.equals(group)) {
                    grant(group, Resources.FILTER, pod.getId(), Permissions.READ);
                }
            }
        });
        staff.forEach(this::ensureMember);
    }

    /** Creates the group if it is missing; true if it was. */
    private boolean ensureGroup(String id, String name) {
        if (identity.createGroupQuery().groupId(id).count() > 0) {
            return false;
        }
        Group group = identity.newGroup(id);
        group.setName(name);
        group.setType(Viewer.INTEGRATIONS.equals(id) ? "SYSTEM" : "WORKFLOW");
        identity.saveGroup(group);
        return true;
    }

    private void ensureMember(Member member) {
        if (identity.createUserQuery().userId(member.id()).count() == 0) {
            User user = identity.newUser(member.id());
            user.setFirstName(member.firstName());
            user.setLastName(member.lastName());
            user.setEmail(member.id() + "@acme-cloud.example");
            user.setPassword(member.id());
            identity.saveUser(user);
            member.groups().forEach(g -> identity.createMembership(member.id(), g));
        }
    }

    /** A CSM group works in Tasklist and reads the journeys' diagrams. */
    private void grantTasklist(String group) {
        grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(group, Resources.PROCESS_DEFINITION, "*", Permissions.READ);
        grant(group, Resources.DEPLOYMENT, "*", Permissions.READ);
    }

    private Filter filter(String name, int priority, String description, org.camunda.bpm.engine.task.TaskQuery query) {
        Filter existing = filters.createFilterQuery().filterName(name).singleResult();
        if (existing != null) {
            return existing;
        }
        Filter filter = filters.newTaskFilter(name).setOwner("ops").setQuery(query)
                .setProperties(Map.of("priority", priority, "description", description, "refresh", true));
        return filters.saveFilter(filter);
    }

    private void grantEveryone(Filter filter) {
        boolean exists = authorizations.createAuthorizationQuery().resourceType(Resources.FILTER)
                .resourceId(filter.getId()).userIdIn(Authorization.ANY).count() > 0;
        if (!exists) {
            Authorization auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GLOBAL);
            auth.setResource(Resources.FILTER);
            auth.setResourceId(filter.getId());
            auth.setUserId(Authorization.ANY);
            auth.addPermission(Permissions.READ);
            authorizations.saveAuthorization(auth);
        }
    }

    private void revokeEveryone(Filter filter) {
        authorizations.createAuthorizationQuery().resourceType(Resources.FILTER).resourceId(filter.getId())
                .userIdIn(Authorization.ANY).list().forEach(a -> authorizations.deleteAuthorization(a.getId()));
    }

    private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
        Authorization auth = authorizations.createAuthorizationQuery().resourceType(resource).resourceId(resourceId)
                .groupIdIn(group).list().stream().findFirst().orElseGet(() -> {
                    Authorization created = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                    created.setGroupId(group);
                    created.setResource(resource);
                    created.setResourceId(resourceId);
                    return created;
                });
        for (Permission permission : permissions) {
            auth.addPermission(permission);
        }
        authorizations.saveAuthorization(auth);
    }
}
