<?php
$conn = mysqli_connect("localhost", "app", getenv('DB_PASSWORD'), "shop");

$id = (int) $_GET['id'];
$stmt = mysqli_prepare($conn, "SELECT name FROM products WHERE id = ?");
mysqli_stmt_bind_param($stmt, "i", $id);
mysqli_stmt_execute($stmt);
$result = mysqli_stmt_get_result($stmt);
while ($row = mysqli_fetch_assoc($result)) {
    echo htmlspecialchars($row['name']) . "<br>";
}
