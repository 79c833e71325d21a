public List<Document> findUserNotes(MongoCollection<Document> notes, String owner) {
    BasicDBObject query = new BasicDBObject();
    query.put("$where", "this.owner == '" + owner + "'");
    List<Document> results = new ArrayList<>();
    notes.find(query).into(results);
    return results;
}
