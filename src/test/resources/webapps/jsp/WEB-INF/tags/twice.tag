<%@ tag body-content="empty" %><%@ attribute name="text" required="true" %>${text}${text}
