<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" %>
<%@ taglib prefix="form" uri="http://www.springframework.org/tags/form" %>
<!DOCTYPE html>
<html>
<head><title>New owner</title></head>
<body>
<jsp:include page="/WEB-INF/jsp/fragments/header.jsp">
  <jsp:param name="title" value="New owner"/>
</jsp:include>
<form:form modelAttribute="owner" method="post" id="owner-form">
  <label>Name <form:input path="name"/></label> <form:errors path="name" cssClass="error"/>
  <label>City <form:input path="city"/></label> <form:errors path="city" cssClass="error"/>
  <button type="submit">Add owner</button>
</form:form>
</body>
</html>
