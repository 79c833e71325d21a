import mysql from "mysql2";

const connection = mysql.createConnection({
  host: "prod-db.company.internal",
  user: "admin",
  password: "Adm1n#Prod2024",
  database: "customers",
});

export default connection;
