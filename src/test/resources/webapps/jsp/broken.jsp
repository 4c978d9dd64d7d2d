<%@ page contentType="text/plain;charset=UTF-8" %>
A page that does not translate:
<jsp:element name="p">
