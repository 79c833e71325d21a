public List<Customer> searchCustomers(String lastName) {
    String jpql = "SELECT c FROM Customer c WHERE c.lastName = '" + lastName + "'";
    return entityManager.createQuery(jpql, Customer.class).getResultList();
}
