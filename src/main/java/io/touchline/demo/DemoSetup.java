package io.touchline.demo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On start: the demo team (touchline.demo.team), and the demo book of accounts with one demo webinar
 * for its low- and tech-touch accounts (touchline.demo.accounts).
 */
@Component
class DemoSetup implements ApplicationRunner {

    private final DemoTeam team;
    private final DemoBook book;
    private final DemoWebinar webinar;
    private final boolean withTeam;
    private final boolean withAccounts;

    private final DemoExperiment experiment;

    DemoSetup(DemoTeam team, DemoBook book, DemoWebinar webinar, DemoExperiment experiment, @Value("${touchline.demo.team:true}") boolean withTeam,
            @Value("${touchline.demo.accounts:true}") boolean withAccounts) {
        this.team = team;
        this.book = book;
        this.webinar = webinar;
        this.experiment = experiment;
        this.withTeam = withTeam;
        this.withAccounts = withAccounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (withTeam) {
            team.ensure();
        }
        if (withTeam && withAccounts) {
            book.ensure();
            webinar.ensure();
            experiment.ensure();
        }
    }
}
