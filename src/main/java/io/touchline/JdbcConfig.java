package io.touchline;

import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.relational.RelationalManagedTypes;
import org.springframework.data.relational.core.mapping.DefaultNamingStrategy;
import org.springframework.data.relational.core.mapping.NamingStrategy;

/**
 * Touchline's tables use plain unquoted names, so the same SQL works on H2 (which folds them to
 * upper case) and PostgreSQL (lower case). Spring Data JDBC quotes by default; not here.
 */
@Configuration
class JdbcConfig {

    @Bean
    JdbcMappingContext jdbcMappingContext(Optional<NamingStrategy> namingStrategy, JdbcCustomConversions conversions,
            RelationalManagedTypes managedTypes) {
        JdbcMappingContext context = new JdbcMappingContext(namingStrategy.orElse(DefaultNamingStrategy.INSTANCE));
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.setManagedTypes(managedTypes);
        context.setForceQuote(false);
        return context;
    }
}
