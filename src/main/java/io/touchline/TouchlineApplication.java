package io.touchline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TouchlineApplication {

    public static void main(String[] args) {
        SpringApplication.run(TouchlineApplication.class, args);
    }
}
