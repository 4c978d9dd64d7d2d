package com.example.notes;

import org.apache.tomcat.jdbc.pool.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.DataSourceInitializer;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** The pool, the template, the start-up scripts, scheduling and MVC: configured as a plain Spring application does. */
@Configuration
@EnableWebMvc
@EnableScheduling
@ComponentScan
@PropertySource("classpath:database.properties")
public class NotesConfig {
    @Bean(destroyMethod = "close")
    public DataSource dataSource(@Value("${notes.jdbc.driverClassName}") String driverClassName,
                                 @Value("${notes.jdbc.url}") String url, @Value("${notes.jdbc.username}") String username,
                                 @Value("${notes.jdbc.password}") String password,
                                 @Value("${notes.pool.maxActive}") int maxActive) {
        PoolProperties pool = new PoolProperties();
        pool.setDriverClassName(driverClassName);
        pool.setUrl(url);
        pool.setUsername(username);
        pool.setPassword(password);
        pool.setInitialSize(1);
        pool.setMaxActive(maxActive);
        pool.setMaxIdle(maxActive);
        pool.setMaxWait(2000);
        pool.setTestOnBorrow(true); // a database restarted meanwhile: a dead connection is replaced, not used
        pool.setValidationQuery("SELECT 1");
        pool.setTimeBetweenEvictionRunsMillis(5000); // the pool cleaner thread, on as by default
        return new DataSource(pool);
    }

    @Bean
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    public DataSourceInitializer databaseScripts(DataSource dataSource, @Value("${notes.jdbc.initialize}") boolean initialize) {
        DataSourceInitializer initializer = new DataSourceInitializer();
        initializer.setDataSource(dataSource);
        initializer.setDatabasePopulator(new ResourceDatabasePopulator(new ClassPathResource("schema.sql"), new ClassPathResource("data.sql")));
        initializer.setEnabled(initialize);
        return initializer;
    }
}
