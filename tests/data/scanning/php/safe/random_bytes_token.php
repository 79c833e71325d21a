<?php
function create_reset_link(string $email): string {
    $token = bin2hex(random_bytes(32));
    save_reset_token($email, hash('sha256', $token));
    return "https://example.com/reset?token=" . $token;
}
