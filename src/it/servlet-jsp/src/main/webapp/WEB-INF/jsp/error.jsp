<%@ page isErrorPage="true" contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!DOCTYPE html>
<html>
<head><title>Something went wrong</title></head>
<body>
<h1>Error ${requestScope['jakarta.servlet.error.status_code']}</h1>
<p id="message"><c:out value="${requestScope['jakarta.servlet.error.message']}"/></p>
</body>
</html>
