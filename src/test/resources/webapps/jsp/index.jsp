<%@ page contentType="text/plain;charset=UTF-8" %><%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>welcome <t:twice text="${param.word}"/>
