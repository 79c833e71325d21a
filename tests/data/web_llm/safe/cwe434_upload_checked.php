<?php
$allowed = ['jpg' => 'image/jpeg', 'png' => 'image/png'];
$ext = strtolower(pathinfo($_FILES['avatar']['name'], PATHINFO_EXTENSION));
$mime = mime_content_type($_FILES['avatar']['tmp_name']);
if (!isset($allowed[$ext]) || $allowed[$ext] !== $mime) {
    http_response_code(400);
    exit('Invalid file type');
}
$target = __DIR__ . '/uploads/' . bin2hex(random_bytes(16)) . '.' . $ext;
move_uploaded_file($_FILES['avatar']['tmp_name'], $target);
