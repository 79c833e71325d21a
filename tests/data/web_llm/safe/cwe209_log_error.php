<?php
try {
    $pdo = new PDO($dsn, $user, getenv('DB_PASSWORD'));
} catch (PDOException $e) {
    error_log($e->getMessage());
    http_response_code(500);
    echo "Service unavailable";
}
