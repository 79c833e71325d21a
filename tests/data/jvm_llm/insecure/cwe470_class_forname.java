String className = request.getParameter("handler");
Class<?> clazz = Class.forName(className);
Handler handler = (Handler) clazz.getDeclaredConstructor().newInstance();
handler.handle(request);
