package io.touchline.web;

import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The OpenAPI document of /api: every operation needs HTTP Basic (Swagger UI's Authorize button). */
@Configuration
@OpenAPIDefinition(info = @Info(title = "Touchline API", version = "v1",
        description = "Accounts, their tier journeys, timelines and plans. Errors are "
                + "{\"errors\":[{\"field\":..,\"message\":..}]} (with \"row\" for CSV imports)."),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "A Touchline (Camunda) user, e.g. crm / crm in the demo")
class OpenApiConfig {
}
