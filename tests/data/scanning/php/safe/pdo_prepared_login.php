<?php
function login(PDO $pdo, string $user, string $pass): bool {
    $stmt = $pdo->prepare("SELECT password_hash FROM users WHERE username = ?");
    $stmt->execute([$user]);
    $row = $stmt->fetch();
    return $row !== false && password_verify($pass, $row['password_hash']);
}
