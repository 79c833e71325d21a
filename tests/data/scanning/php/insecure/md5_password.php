<?php
function register(PDO $pdo, string $email, string $password): void {
    $hash = md5($password);
    $stmt = $pdo->prepare("INSERT INTO users (email, password) VALUES (?, ?)");
    $stmt->execute([$email, $hash]);
}
