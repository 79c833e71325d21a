<?php
$email = $_POST['email'];
$sql = "SELECT * FROM users WHERE email = '$email'";
$result = $conn->query($sql);
