<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fmt" uri="jakarta.tags.fmt" %>
<%@ taglib prefix="owners" uri="https://example.com/owners" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="app" tagdir="/WEB-INF/tags" %>
<!DOCTYPE html>
<html>
<head><title>Owners</title></head>
<body>
<jsp:include page="/WEB-INF/jsp/fragments/header.jsp">
  <jsp:param name="title" value="Owners"/>
</jsp:include>
<fmt:setLocale value="en_US"/>
<app:card title="${fn:length(owners)} owners">
<table id="owners">
<c:forEach items="${owners}" var="owner" varStatus="row">
  <tr class="owner"><td>${row.count}</td><td><c:out value="${owner.name}"/></td><td>${owners:shout(owner.city)}</td><td><fmt:formatNumber value="${owner.balance}" minFractionDigits="2" maxFractionDigits="2"/></td><td><fmt:formatDate value="${owner.sinceDate}" pattern="yyyy-MM-dd" timeZone="UTC"/></td></tr>
</c:forEach>
</table>
</app:card>
<p id="pid">pid ${pid}</p>
<p><a href="<c:url value='/owners/new'/>">Add owner</a></p>
</body>
</html>
