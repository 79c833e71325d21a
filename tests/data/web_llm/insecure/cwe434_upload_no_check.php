<?php
if ($_SERVER['REQUEST_METHOD'] === 'POST' && isset($_FILES['avatar'])) {
    $target = "uploads/" . basename($_FILES['avatar']['name']);
    if (move_uploaded_file($_FILES['avatar']['tmp_name'], $target)) {
        echo "File uploaded successfully.";
    } else {
        echo "Upload failed.";
    }
}
