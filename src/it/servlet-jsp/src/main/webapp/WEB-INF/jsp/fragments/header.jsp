<%@ page pageEncoding="UTF-8" %>
<header><h1>Pet clinic: ${param.title}</h1><p class="included-from">${requestScope['jakarta.servlet.include.request_uri']}</p></header>
