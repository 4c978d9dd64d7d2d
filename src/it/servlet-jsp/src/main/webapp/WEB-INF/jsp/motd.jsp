<%@ page contentType="text/plain;charset=UTF-8" pageEncoding="UTF-8" %>
Message of the day: the clinic opens at nine.
