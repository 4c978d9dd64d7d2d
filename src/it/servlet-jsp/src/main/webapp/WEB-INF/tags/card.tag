<%@ tag body-content="scriptless" pageEncoding="UTF-8" %>
<%@ attribute name="title" required="true" %>
<section class="card">
  <h2 class="card-title">${title}</h2>
  <jsp:doBody/>
</section>
