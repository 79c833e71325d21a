public List<User> byName(Session session, String name) {
    return session.createQuery("from User where name = '" + name + "'").list();
}
