<?php
$conn = mysqli_connect("localhost", "app", getenv("DB_PASS"), "shop");
$stmt = $conn->prepare("SELECT name FROM products WHERE id = ?");
$stmt->bind_param("i", $_GET['id']);
$stmt->execute();
$stmt->bind_result($name);
while ($stmt->fetch()) {
    echo htmlspecialchars($name);
}
