<?php

function remember($sessionId) {
    // ruleid: php.cookie-missing-flags
    setcookie("session_id", $sessionId, time() + 3600);
    // ruleid: php.cookie-missing-flags
    setcookie("session_id", $sessionId, time() + 3600, "/", "", false, false);
    // ruleid: php.cookie-missing-flags
    setcookie("session_id", $sessionId);
    // ok: php.cookie-missing-flags
    setcookie("session_id", $sessionId, time() + 3600, "/", "", true, true);
    // ok: php.cookie-missing-flags
    setcookie("session_id", $sessionId, ['expires' => time() + 3600, 'secure' => true, 'httponly' => true]);
    // ok: php.cookie-missing-flags
    setcookie("session_id", "", time() - 3600);
}

function logLogin() {
    // ruleid: php.log-injection
    error_log("Failed login for user: " . $_POST['username']);
    // ok: php.log-injection
    error_log("Failed login for user: " . json_encode($_POST['username']));
    $logger = new Logger('app');
    // ruleid: php.log-injection
    $logger->info("Search: " . $_GET['q']);
    // ok: php.log-injection
    $logger->info("Search: " . str_replace(["\r", "\n"], "", $_GET['q']));
}

function upload() {
    $target = "uploads/" . $_FILES["file"]["name"];
    // ruleid: php.unrestricted-upload
    move_uploaded_file($_FILES["file"]["tmp_name"], $target);
}

function uploadChecked() {
    $ext = strtolower(pathinfo($_FILES["file"]["name"], PATHINFO_EXTENSION));
    if (!in_array($ext, ['jpg', 'png'], true)) {
        return;
    }
    $target = "uploads/" . bin2hex(random_bytes(16)) . "." . $ext;
    // ok: php.unrestricted-upload
    move_uploaded_file($_FILES["file"]["tmp_name"], $target);
}

function cacheWrite($data) {
    // ruleid: php.insecure-temp-file
    file_put_contents("/tmp/cache_" . time() . ".txt", $data);
    // ruleid: php.insecure-temp-file
    $fh = fopen("/tmp/report.csv", "w");
    // ok: php.insecure-temp-file
    $tmp = tempnam(sys_get_temp_dir(), "cache");
    // ok: php.insecure-temp-file
    file_put_contents($tmp, $data);
    return $fh;
}

function removeOrder($repo) {
    // ok: php.log-injection
    $repo->delete("id:" . $_GET['id']);
}

function spool($data) {
    $file = "/tmp/spool_" . getmypid() . ".dat";
    // ruleid: php.insecure-temp-file
    file_put_contents($file, $data);
}

function saveAvatar($file) {
    $dest = 'avatars/' . $file['name'];
    // ruleid: php.unrestricted-upload
    move_uploaded_file($file['tmp_name'], $dest);
}

function syncPrices($sku) {
    // ruleid: php.cleartext-transport
    $ch = curl_init("http://supplier.example.com/prices?sku=" . urlencode($sku));
    // ok: php.cleartext-transport
    $ch2 = curl_init("https://supplier.example.com/prices");
    // ok: php.cleartext-transport
    $health = file_get_contents("http://localhost:8080/health");
    // ruleid: php.cleartext-transport
    $ftp = ftp_connect("files.example.com");
    // ok: php.cleartext-transport
    $ftps = ftp_ssl_connect("files.example.com");
    return [$ch, $ch2, $health, $ftp, $ftps];
}
