package com.example.spring;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** Spring MVC with its defaults: the JSON converter is Jackson 2 under Spring 6, Jackson 3 under Spring 7. */
@Configuration
@EnableWebMvc
@ComponentScan
public class WebConfig {
}
