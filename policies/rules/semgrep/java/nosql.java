import com.mongodb.BasicDBObject;
import com.mongodb.BasicDBObjectBuilder;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import java.util.HashMap;

public class ContactSearch {
    public Object byOwner(MongoCollection<Document> contacts, String owner, String email) {
        BasicDBObject query = new BasicDBObject();
        // ruleid: java.mongodb-where-injection
        query.put("$where", "this.owner == '" + owner + "'");
        // ok: java.mongodb-where-injection
        query.put("$where", "this.owner == this.createdBy");
        // ok: java.mongodb-where-injection
        query.put("owner", owner);
        HashMap<String, Object> params = new HashMap<>();
        // ruleid: java.mongodb-where-injection
        params.put("$where", String.format("this.email == '%s'", email));
        // ruleid: java.mongodb-where-injection
        Document doc = new Document("$where",
            "this.email == '" + email + "'");
        // ok: java.mongodb-where-injection
        Document safe = new Document("email", email);
        // ruleid: java.mongodb-where-injection
        BasicDBObject built = (BasicDBObject) BasicDBObjectBuilder
            .start()
            .add("$where", "this.owner == '" + owner + "'")
            .get();
        // ruleid: java.mongodb-where-injection
        contacts.find(Filters.where("this.owner == '" + owner + "'"));
        // ok: java.mongodb-where-injection
        contacts.find(Filters.eq("owner", owner));
        final String script = "this.owner == this.createdBy";
        // ok: java.mongodb-where-injection
        return contacts.find(new Document("$where", script));
    }
}
