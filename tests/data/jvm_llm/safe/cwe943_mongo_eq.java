public List<Document> findUserNotes(MongoCollection<Document> notes, String owner) {
    List<Document> results = new ArrayList<>();
    notes.find(Filters.eq("owner", owner)).into(results);
    return results;
}
