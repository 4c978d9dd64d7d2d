<%@ page isErrorPage="true" contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!DOCTYPE html>
<html>
<head><title>Not found</title></head>
<body><h1>No such page: <c:out value="${requestScope['jakarta.servlet.error.request_uri']}"/></h1></body>
</html>
