<?php
$file = basename($_GET['file'] ?? '');
$path = "/var/www/files/" . $file;
if ($file === '' || !is_file($path)) {
    http_response_code(404);
    exit;
}
readfile($path);
