package com.example.plain;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** /inventory/{item}: a known item's stock as text; an unknown one throws, and web.xml's error page answers. */
public class InventoryServlet extends HttpServlet {
    private static final Map<String, Integer> STOCK = Map.of("pen", 12, "book", 3);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String item = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        Integer stock = STOCK.get(item);
        if (stock == null) {
            throw new InventoryException("no such item: " + item);
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(item + ": " + stock + " in stock\n");
    }
}
