public List<Product> search(String name) {
    return entityManager.createQuery("SELECT p FROM Product p WHERE p.name LIKE :name", Product.class)
            .setParameter("name", "%" + name + "%")
            .getResultList();
}
