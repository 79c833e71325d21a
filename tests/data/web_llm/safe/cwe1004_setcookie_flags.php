<?php
$token = bin2hex(random_bytes(16));
setcookie("remember_me", $token, [
    'expires' => time() + 86400 * 30,
    'path' => '/',
    'secure' => true,
    'httponly' => true,
    'samesite' => 'Strict',
]);
