<?php
$conn = mysqli_connect("localhost", "app", getenv("DB_PASS"), "shop");
$id = $_GET['id'];
$result = mysqli_query($conn, "SELECT * FROM products WHERE id = $id");
while ($row = mysqli_fetch_assoc($result)) {
    echo htmlspecialchars($row['name']);
}
