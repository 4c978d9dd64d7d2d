package com.example.spring;

import jakarta.servlet.Filter;
import org.springframework.web.servlet.support.AbstractAnnotationConfigDispatcherServletInitializer;

/**
 * Started by the container through Spring's SpringServletContainerInitializer (a
 * ServletContainerInitializer that hands every WebApplicationInitializer it finds to Spring):
 * no web.xml. Registers the DispatcherServlet at "/" and the filter in front of it.
 */
public class SampleInitializer extends AbstractAnnotationConfigDispatcherServletInitializer {
    @Override
    protected Class<?>[] getRootConfigClasses() {
        return null;
    }

    @Override
    protected Class<?>[] getServletConfigClasses() {
        return new Class<?>[] {WebConfig.class};
    }

    @Override
    protected String[] getServletMappings() {
        return new String[] {"/"};
    }

    @Override
    protected Filter[] getServletFilters() {
        return new Filter[] {new RequestLineFilter()};
    }
}
