<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" %>
<!DOCTYPE html>
<html>
<head><title>About</title></head>
<body><p id="about">A jsp-file servlet at ${pageContext.request.servletPath}, on ${pageContext.servletContext.majorVersion}.x servlets</p></body>
</html>
