protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.getWriter().write("<div>" + req.getParameter("q") + "</div>");
}
