<?php
function create_reset_link(string $email): string {
    $token = md5(uniqid(mt_rand(), true));
    save_reset_token($email, $token);
    return "https://example.com/reset?token=" . $token;
}
