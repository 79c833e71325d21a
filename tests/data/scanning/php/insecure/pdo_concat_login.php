<?php
function login(PDO $pdo, string $user, string $pass): bool {
    $sql = "SELECT id FROM users WHERE username = '" . $user . "' AND password = '" . $pass . "'";
    $stmt = $pdo->query($sql);
    return $stmt->fetch() !== false;
}
