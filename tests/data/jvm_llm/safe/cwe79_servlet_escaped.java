protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String name = request.getParameter("name");
    response.setContentType("text/html");
    response.getWriter().println("<h1>Hello, " + StringEscapeUtils.escapeHtml4(name) + "</h1>");
}
