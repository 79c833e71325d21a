$conn = new mysqli("db.example.com", "root", "rootpassword123", "app");
if ($conn->connect_error) {
    die("Connection failed: " . $conn->connect_error);
}
