<?php
$conn = mysqli_connect("localhost", "root", "", "shop");

$id = $_GET['id'];
$result = mysqli_query($conn, "SELECT * FROM products WHERE id = " . $id);

while ($row = mysqli_fetch_assoc($result)) {
    echo $row['name'] . "<br>";
}
?>
