<?php
function registerUser(PDO $pdo, string $username, string $password): bool
{
    $hash = md5($password);
    $stmt = $pdo->prepare("INSERT INTO users (username, password) VALUES (?, ?)");
    return $stmt->execute([$username, $hash]);
}
